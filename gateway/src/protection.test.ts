import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lexer, Source, TokenKind } from 'graphql';
import { testAuth } from '@siuss/testing/auth';
import { graphqlRequest } from '@siuss/testing/http';
import { loadConfig } from './config.ts';
import { EXAMPLE_OPERATION } from './example.ts';
import {
  DEFAULT_PROTECTION, documentHash, loadTrustedDocuments, operatorKey, TokenBuckets, type ProtectionOptions,
} from './protection.ts';
import { createGateway } from './server.ts';

// The real gateway, in-process, with its query protection, in front of a stand-in subgraph that
// answers every request with `person: null`: an operation that gets past the protection reaches it
// and comes back as `{ person: null }` without errors. The gateway trusts the test key; the example
// is sent with a case worker's token, as the field rules of the supergraph ask.

const supergraph = readFileSync(new URL(import.meta.resolve('@siuss/schema/supergraph.graphql')), 'utf8');
const trustedDocumentsFile = new URL('../../schema/trusted-documents.json', import.meta.url).pathname;
const TAX_CODE = 'RSSMRA80C15H501M';

type Errors = Array<{ message: string; extensions?: Record<string, unknown> }>;

interface Harness {
  url: string;
  close(): Promise<void>;
}

const subgraphRequests: string[] = [];
let subgraph: Server;
let subgraphUrl: string;

beforeAll(async () => {
  subgraph = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      subgraphRequests.push(text);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data: { person: null } }));
    });
  });
  await new Promise<void>((resolve) => subgraph.listen(0, '127.0.0.1', resolve));
  subgraphUrl = `http://127.0.0.1:${(subgraph.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  await new Promise((resolve) => subgraph.close(resolve));
});

async function startGateway(protection: Partial<ProtectionOptions> = {}, graphiql = false): Promise<Harness> {
  const subgraphUrls = Object.fromEntries(['benefits', 'assessments', 'offering', 'registries', 'flows'].map((name) => [name, subgraphUrl]));
  const runtime = createGateway({ supergraph, subgraphUrls, graphiql, logging: false, auth: testAuth().gateway, protection: { ...DEFAULT_PROTECTION, ...protection } });
  const server = createServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await runtime.dispose();
    },
  };
}

/** The headers of a case worker, who may read the welfare position. */
const caseWorker = () => testAuth().bearer('CASE_WORKER');

function onlyError(errors: Errors | undefined) {
  expect(errors).toHaveLength(1);
  return errors![0]!;
}

const nested = (levels: number) => {
  let selection = 'code';
  for (let level = 0; level < levels; level += 1) selection = `benefits { edges { node { person { ${selection === 'code' ? 'taxCode' : selection} } } } }`;
  return `{ person(taxCode: "${TAX_CODE}") { ${selection} } }`;
};

describe('query limits (defaults)', () => {
  let gateway: Harness;
  beforeAll(async () => (gateway = await startGateway({}, true)));
  afterAll(async () => gateway.close());

  it('lets the welfare-position example through', async () => {
    const before = subgraphRequests.length;
    const response = await graphqlRequest(gateway.url, EXAMPLE_OPERATION, {}, await caseWorker());
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ person: null });
    expect(subgraphRequests.length).toBe(before + 1);
  });

  it('lets the example through with the largest page (first: 100)', async () => {
    const response = await graphqlRequest(gateway.url, EXAMPLE_OPERATION.replace('benefits(first: 20)', 'benefits(first: 100)'), {}, await caseWorker());
    expect(response.errors).toBeUndefined();
  });

  it('refuses a query deeper than 10', async () => {
    const response = await graphqlRequest(gateway.url, nested(3));
    const error = onlyError(response.errors);
    expect(error.message).toBe('query depth 14 exceeds the limit of 10');
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', limit: 10, value: 14 });
    expect(response.status).toBe(400);
  });

  it('refuses more than 15 aliases', async () => {
    const aliases = Array.from({ length: 16 }, (_, index) => `p${index}: person(taxCode: "${TAX_CODE}") { taxCode }`).join(' ');
    const error = onlyError((await graphqlRequest(gateway.url, `{ ${aliases} }`)).errors);
    expect(error.message).toBe('query has 16 aliases, more than the limit of 15');
    expect(error.extensions).toMatchObject({ code: 'TOO_MANY_ALIASES', limit: 15, value: 16 });
  });

  it('refuses more than 50 directives', async () => {
    const fragments = Array.from({ length: 51 }, () => '... @include(if: true) { taxCode }').join(' ');
    const error = onlyError((await graphqlRequest(gateway.url, `{ person(taxCode: "${TAX_CODE}") { ${fragments} } }`)).errors);
    expect(error.message).toBe('query has 51 directives, more than the limit of 50');
    expect(error.extensions).toMatchObject({ code: 'TOO_MANY_DIRECTIVES', limit: 50, value: 51 });
  });

  it('refuses more than 1000 tokens while parsing', async () => {
    const response = await graphqlRequest(gateway.url, `{ person(taxCode: "${TAX_CODE}") { ${'taxCode '.repeat(1000)}} }`);
    const error = onlyError(response.errors);
    expect(error.message).toBe('query has more than 1000 tokens, the limit');
    expect(error.extensions).toMatchObject({ code: 'TOO_MANY_TOKENS', limit: 1000 });
  });

  it('refuses a query costing more than 50000 (nested pages of 100)', async () => {
    const query = `{ enteBenefits(enteCode: "H501", first: 100) { edges { node { person { benefits(first: 100) { edges { node { code } } } } } } } }`;
    const error = onlyError((await graphqlRequest(gateway.url, query)).errors);
    expect(error.message).toMatch(/^query cost 653422 exceeds the limit of 50000 /);
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', limit: 50000, value: 653422 });
  });

  it('refuses with 413 a body over the limit, declared or chunked, and reads a small chunked body', async () => {
    const padding = 'x'.repeat(DEFAULT_PROTECTION.maxBodyBytes);
    const declared = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', variables: { padding } }),
    });
    expect(declared.status).toBe(413);
    const declaredError = onlyError(((await declared.json()) as { errors: Errors }).errors);
    expect(declaredError.message).toMatch(/^request body of \d+ bytes exceeds the limit of 262144 bytes$/);
    expect(declaredError.extensions).toMatchObject({ code: 'REQUEST_TOO_LARGE', limit: 262144 });

    const chunked = (text: string) => fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          for (let start = 0; start < text.length; start += 65536) controller.enqueue(new TextEncoder().encode(text.slice(start, start + 65536)));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    const large = await chunked(JSON.stringify({ query: '{ __typename }', variables: { padding } }));
    expect(large.status).toBe(413);
    expect(onlyError(((await large.json()) as { errors: Errors }).errors)).toMatchObject({
      message: 'request body exceeds the limit of 262144 bytes',
      extensions: { code: 'REQUEST_TOO_LARGE', limit: 262144 },
    });
    const small = await chunked(JSON.stringify({ query: '{ __typename }' }));
    expect(small.status).toBe(200);
    expect(await small.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses a GET or a form-like POST without the CSRF header, accepts JSON and the header', async () => {
    const get = await fetch(`${gateway.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json' } });
    expect(get.status).toBe(403);
    expect(onlyError(((await get.json()) as { errors: Errors }).errors)).toMatchObject({
      message: 'CSRF prevention: send the request as content-type application/json, or with the x-graphql-csrf header',
      extensions: { code: 'CSRF_HEADER_REQUIRED', header: 'x-graphql-csrf' },
    });
    const plain = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(plain.status).toBe(403);
    expect(onlyError(((await plain.json()) as { errors: Errors }).errors).extensions?.['code']).toBe('CSRF_HEADER_REQUIRED');

    const withHeader = await fetch(`${gateway.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json', 'x-graphql-csrf': '1' } });
    expect(withHeader.status).toBe(200);
    expect(await withHeader.json()).toEqual({ data: { __typename: 'Query' } });
    expect((await graphqlRequest(gateway.url, '{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('still serves GraphiQL, and answers introspection outside production', async () => {
    const page = await fetch(gateway.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('query WelfarePosition');
    const introspection = await graphqlRequest<{ __schema: { queryType: { name: string } } }>(gateway.url, '{ __schema { queryType { name } } }');
    expect(introspection.data?.__schema.queryType.name).toBe('Query');
  });
});

describe('the example operation against the limits', () => {
  let probe: Harness;
  // Limits the example must break, so that each refusal reports the example's own measure.
  beforeAll(async () => (probe = await startGateway({ maxDepth: 1, maxAliases: 0, maxDirectives: 0, maxCost: 1 })));
  afterAll(async () => probe.close());

  it('uses at most three quarters of every limit', async () => {
    const errors = (await graphqlRequest(probe.url, EXAMPLE_OPERATION)).errors ?? [];
    const measured = (code: string) => Number(errors.find((error) => error.extensions?.['code'] === code)?.extensions?.['value'] ?? 0);
    const lexer = new Lexer(new Source(EXAMPLE_OPERATION));
    let tokens = 0;
    while (lexer.advance().kind !== TokenKind.EOF) tokens += 1;
    const usage = {
      depth: measured('QUERY_TOO_DEEP') / DEFAULT_PROTECTION.maxDepth,
      aliases: measured('TOO_MANY_ALIASES') / DEFAULT_PROTECTION.maxAliases,
      directives: measured('TOO_MANY_DIRECTIVES') / DEFAULT_PROTECTION.maxDirectives,
      cost: measured('QUERY_TOO_COSTLY') / DEFAULT_PROTECTION.maxCost,
      tokens: tokens / DEFAULT_PROTECTION.maxTokens,
      body: Buffer.byteLength(JSON.stringify({ query: EXAMPLE_OPERATION, variables: {} })) / DEFAULT_PROTECTION.maxBodyBytes,
    };
    expect(measured('QUERY_TOO_DEEP')).toBe(7);
    expect(measured('QUERY_TOO_COSTLY')).toBeGreaterThan(1000);
    for (const [limit, share] of Object.entries(usage)) {
      expect([limit, share <= 0.75]).toEqual([limit, true]);
    }
  });
});

describe('rate limit per operator', () => {
  let gateway: Harness;
  let clock = 1_000_000;
  beforeAll(async () => (gateway = await startGateway({ rateLimitPerMinute: 3, now: () => clock })));
  afterAll(async () => gateway.close());

  it('refuses past the budget with 429 and Retry-After, and allows again after the refill', async () => {
    for (let request = 0; request < 3; request += 1) {
      expect((await graphqlRequest(gateway.url, '{ __typename }')).errors).toBeUndefined();
    }
    const refused = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('20');
    const body = (await refused.json()) as { errors: Errors };
    expect(onlyError(body.errors)).toEqual({
      message: 'rate limit of 3 operations per minute exceeded; retry in 20 s',
      extensions: { code: 'RATE_LIMITED', limit: 3, retryAfterSeconds: 20 },
    });
    clock += 20_000;
    expect((await graphqlRequest(gateway.url, '{ __typename }')).errors).toBeUndefined();
    expect((await graphqlRequest(gateway.url, '{ __typename }')).errors?.[0]?.extensions?.['code']).toBe('RATE_LIMITED');
  });

  it('keys the budget by the JWT subject, else by the client address', () => {
    expect(operatorKey({ jwt: { payload: { sub: 'XXXXXX80P20B501B' } }, req: { socket: { remoteAddress: '10.0.0.1' } } })).toBe('sub:XXXXXX80P20B501B');
    expect(operatorKey({ jwt: { payload: {} }, req: { socket: { remoteAddress: '10.0.0.1' } } })).toBe('ip:10.0.0.1');
    expect(operatorKey({})).toBe('ip:unknown');
  });

  it('gives each key its own bucket and forgets full ones past the key cap', () => {
    let now = 0;
    const buckets = new TokenBuckets(60, () => now, 2);
    for (let taken = 0; taken < 60; taken += 1) expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(1000);
    expect(buckets.take('b')).toBe(0);
    now += 1000;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('c')).toBe(0); // 'b' was full again: dropped to make room
    expect(buckets.take('a')).toBe(1000);
  });
});

describe('production mode', () => {
  let gateway: Harness;
  beforeAll(async () => (gateway = await startGateway({ introspection: false })));
  afterAll(async () => gateway.close());

  it('refuses introspection', async () => {
    const schema = await graphqlRequest(gateway.url, '{ __schema { queryType { name } } }');
    expect(schema.data).toBeUndefined();
    expect(schema.errors?.map((error) => [error.message, error.extensions?.['code']])).toEqual([
      ['introspection is disabled in production: the query asks for "__schema"', 'INTROSPECTION_DISABLED'],
      ['introspection is disabled in production: the query asks for "queryType"', 'INTROSPECTION_DISABLED'],
    ]);
    const type = await graphqlRequest(gateway.url, '{ __type(name: "Person") { name } }');
    expect(onlyError(type.errors)).toMatchObject({
      message: 'introspection is disabled in production: the query asks for "__type"',
      extensions: { code: 'INTROSPECTION_DISABLED' },
    });
  });

  it('hides field suggestions, and still runs the example', async () => {
    const response = await graphqlRequest(gateway.url, `{ persn(taxCode: "${TAX_CODE}") { taxCode } }`);
    expect(onlyError(response.errors).message).not.toMatch(/Did you mean/);
    expect((await graphqlRequest(gateway.url, EXAMPLE_OPERATION, {}, await caseWorker())).errors).toBeUndefined();
  });
});

describe('trusted documents', () => {
  let gateway: Harness;
  const exampleHash = documentHash(EXAMPLE_OPERATION);
  beforeAll(async () => (gateway = await startGateway({ introspection: false, trustedDocumentsPath: trustedDocumentsFile })));
  afterAll(async () => gateway.close());

  const send = async (body: object) => fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await caseWorker()) },
    body: JSON.stringify(body),
  }).then(async (response) => ({ status: response.status, ...((await response.json()) as { data?: unknown; errors?: Errors }) }));

  it('ships schema/trusted-documents.json with the welfare-position example under its sha256', () => {
    const documents = loadTrustedDocuments(trustedDocumentsFile);
    expect(documents.get(exampleHash)).toBe(EXAMPLE_OPERATION);
  });

  it('runs a listed document by its hash (persistedQuery or documentId)', async () => {
    const before = subgraphRequests.length;
    const byHash = await send({ extensions: { persistedQuery: { version: 1, sha256Hash: exampleHash } }, variables: { taxCode: TAX_CODE } });
    expect(byHash).toEqual({ status: 200, data: { person: null } });
    expect(subgraphRequests.length).toBe(before + 1);
    expect(subgraphRequests.at(-1)).toContain(TAX_CODE);
    expect(await send({ documentId: exampleHash })).toEqual({ status: 200, data: { person: null } });
  });

  it('refuses query text and unlisted hashes', async () => {
    const text = await send({ query: '{ __typename }' });
    expect(text.status).toBe(400);
    expect(onlyError(text.errors).extensions).toMatchObject({ code: 'PERSISTED_QUERY_ID_REQUIRED' });
    expect(onlyError(text.errors).message).toMatch(/^only trusted documents are accepted/);
    const sameText = await send({ query: EXAMPLE_OPERATION, extensions: { persistedQuery: { version: 1, sha256Hash: exampleHash } } });
    expect(onlyError(sameText.errors).extensions?.['code']).toBe('PERSISTED_QUERY_ID_REQUIRED');

    const unknown = documentHash('{ __typename }');
    const unlisted = await send({ extensions: { persistedQuery: { version: 1, sha256Hash: unknown } } });
    expect(unlisted.status).toBe(400);
    expect(onlyError(unlisted.errors)).toMatchObject({
      message: `document ${unknown} is not among the 1 trusted documents`,
      extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' },
    });
    expect(onlyError((await send({ variables: {} })).errors).extensions?.['code']).toBe('PERSISTED_QUERY_ID_REQUIRED');
  });

  it('refuses to load a list whose key is not the hash of its document', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'siuss-trusted-')), 'documents.json');
    writeFileSync(file, JSON.stringify({ [documentHash('{ __typename }')]: '{ __typename  }' }));
    expect(() => loadTrustedDocuments(file)).toThrow(/is not the sha256 of its document/);
  });
});

describe('configuration', () => {
  it('reads the protection settings once, with defaults that need no variable', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).protection).toEqual(DEFAULT_PROTECTION);
    const production = loadConfig({
      NODE_ENV: 'production', SIUSS_QUERY_MAX_DEPTH: '12', SIUSS_QUERY_MAX_COST: '20000', SIUSS_GATEWAY_MAX_BODY_BYTES: '1048576',
      SIUSS_RATE_LIMIT_PER_MINUTE: '0', SIUSS_TRUSTED_DOCUMENTS: 'schema/trusted-documents.json',
      SIUSS_JWT_PUBLIC_KEY: testAuth().publicKeyPem, SIUSS_JWT_ISSUER: 'https://idp.example', SIUSS_HMAC_SECRET: testAuth().hmacSecret,
    }).protection;
    expect(production).toMatchObject({
      maxDepth: 12, maxCost: 20000, maxBodyBytes: 1048576, rateLimitPerMinute: 0, introspection: false, trustedDocumentsPath: trustedDocumentsFile,
    });
    expect(() => loadConfig({ SIUSS_QUERY_MAX_DEPTH: '0' })).toThrow(/SIUSS_QUERY_MAX_DEPTH=0/);
  });
});
