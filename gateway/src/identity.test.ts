import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultParamsSerializer, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { loadJwtSettings } from '@siuss/auth/config';
import { demoClaims } from '@siuss/auth/demo-identities';
import { ROLE_SCOPES, ROLES } from '@siuss/auth/roles';
import { signedMaterial } from '@siuss/auth/signature';
import { mintToken } from '@siuss/auth/token';
import { createLogger } from '@siuss/logging/logger';
import { composeSubgraphs } from '@siuss/schema/compose';
import { SUBGRAPHS } from '@siuss/schema/subgraphs';
import { createSubgraphApollo } from '@siuss/service/apollo';
import { checkGatewaySignature } from '@siuss/service/gateway-signature';
import { serveApollo, type RunningService } from '@siuss/service/http';
import type { Viewer } from '@siuss/service/viewer';
import { testAuth } from '@siuss/testing/auth';
import { graphqlRequest, recordingJsonServer } from '@siuss/testing/http';
import { createGateway } from './server.ts';

// Identity end to end, in-process: the real gateway in front of a real subgraph served by
// @siuss/service (it answers `whoami` with the viewer it built from what the gateway signed) and a
// stand-in benefits subgraph that records what it receives. The supergraph is composed here from
// a test SDL and the real benefits SDL with `@authenticated` added to one field.

const WHOAMI_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@requiresScopes"])
type Query {
  whoami: Whoami!
  healthNote: String @requiresScopes(scopes: [["health:read"]])
  "Always null, as a subgraph answers a refused or unknown row."
  nobody: Whoami
}
type Whoami {
  authenticated: Boolean! operatorTaxCode: String enteCode: String ambitoCode: String regionCode: String purpose: String roles: [String!]! scopes: [String!]!
  diagnosis: String @requiresScopes(scopes: [["health:read"]])
}
`;
const WHOAMI = '{ whoami { authenticated operatorTaxCode enteCode ambitoCode regionCode purpose roles scopes } }';

/** The real benefits SDL with `@authenticated` on Query.benefitCodes, for this test only. */
function benefitsWithOneAuthenticatedField(): string {
  const sdl = readFileSync(SUBGRAPHS.find((subgraph) => subgraph.name === 'benefits')!.sdl, 'utf8');
  const edited = sdl
    .replace(/(federation\/v2\.\d+", import: \[)/, '$1"@authenticated", ')
    .replace(/^(\s*benefitCodes\(.*)$/m, '$1 @authenticated');
  if (!/^\s*benefitCodes\(.*@authenticated$/m.test(edited)) throw new Error('the benefits SDL changed: update this test');
  return edited;
}

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
};

describe('identity through the gateway', () => {
  const auth = testAuth();
  const received: Array<{ headers: IncomingHttpHeaders; body: Record<string, unknown> }> = [];
  let whoami: RunningService;
  let benefits: Server;
  let supergraph: string;
  let subgraphUrls: Record<string, string>;
  const gateways: Array<{ server: Server; runtime: GatewayRuntime }> = [];
  let gatewayUrl: string;

  const startGateway = async (gatewayAuth = auth.gateway): Promise<string> => {
    const runtime = createGateway({ supergraph, subgraphUrls, graphiql: false, logging: false, auth: gatewayAuth });
    const server = createServer(runtime);
    gateways.push({ server, runtime });
    return listen(server);
  };

  beforeAll(async () => {
    const logger = createLogger({ name: 'identity-test', level: 'silent' });
    const apollo = createSubgraphApollo<{ viewer: Viewer }>({
      typeDefs: WHOAMI_SDL,
      resolvers: { Query: { whoami: (_: unknown, __: unknown, { viewer }: { viewer: Viewer }) => viewer, healthNote: () => 'only with health:read', nobody: () => null } },
      logger,
      introspection: false,
    });
    whoami = await serveApollo({ apollo, port: 0, gatewaySecret: auth.hmacSecret, context: async ({ viewer }) => ({ viewer }), ready: async () => true, logger });
    benefits = recordingJsonServer({ data: { benefitCodes: [{ code: 'A3.03' }] } }, received).server;
    const benefitsUrl = await listen(benefits);
    subgraphUrls = { benefits: benefitsUrl, whoami: whoami.url };
    supergraph = composeSubgraphs([
      { name: 'benefits', url: benefitsUrl, typeDefs: benefitsWithOneAuthenticatedField() },
      { name: 'whoami', url: whoami.url, typeDefs: WHOAMI_SDL },
    ]);
    gatewayUrl = await startGateway();
  });

  afterAll(async () => {
    for (const { server, runtime } of gateways) {
      await new Promise((resolve) => server.close(resolve));
      await runtime.dispose();
    }
    await new Promise((resolve) => benefits.close(resolve));
    await whoami.close();
  });

  it('hands the subgraph a viewer made of the token\'s claims and the stated purpose', async () => {
    const headers = { ...(await auth.bearer('ENTE_OPERATOR', { ambito: 'AMB-ROMA', region: '12' })), 'x-siuss-purpose': ' verifica requisiti ' };
    const response = await graphqlRequest<{ whoami: Viewer }>(gatewayUrl, WHOAMI, {}, headers);
    expect(response.errors).toBeUndefined();
    expect(response.data?.whoami).toEqual({
      authenticated: true, operatorTaxCode: 'VRDLRA79H61H501S', enteCode: 'H501', ambitoCode: 'AMB-ROMA', regionCode: '12',
      purpose: 'verifica requisiti', roles: ['ENTE_OPERATOR'], scopes: [...ROLE_SCOPES.ENTE_OPERATOR],
    });
  });

  it('lets an anonymous caller through as anonymous, purpose included', async () => {
    const response = await graphqlRequest<{ whoami: Viewer }>(gatewayUrl, WHOAMI, {}, { 'x-siuss-purpose': 'statistica' });
    expect(response.data?.whoami).toEqual({ authenticated: false, operatorTaxCode: null, enteCode: null, ambitoCode: null, regionCode: null, purpose: 'statistica', roles: [], scopes: [] });
  });

  it('forwards the claims signed, not the raw token, and the subgraph rebuilds the same viewer', async () => {
    const before = received.length;
    const token = await auth.token('CASE_WORKER');
    const response = await graphqlRequest(gatewayUrl, '{ benefitCodes(search: "asilo") { code } }', {}, { authorization: `Bearer ${token}`, 'x-siuss-purpose': 'presa in carico' });
    expect(response.errors).toBeUndefined();
    expect(received).toHaveLength(before + 1);
    const { headers, body } = received.at(-1)!;
    expect(headers.authorization).toBeUndefined();
    expect(JSON.stringify(body)).not.toContain(token);
    expect(body['extensions']).toMatchObject({ 'hmac-signature': expect.any(String), jwt: { payload: expect.objectContaining({ sub: 'CLMSRA84B49F839A', ente: 'F839', roles: ['CASE_WORKER'] }) } });
    const check = checkGatewaySignature(auth.hmacSecret, body, headers['x-siuss-purpose'] as string);
    expect(check).toEqual({ ok: true, viewer: expect.objectContaining({ authenticated: true, operatorTaxCode: 'CLMSRA84B49F839A', enteCode: 'F839', purpose: 'presa in carico', roles: ['CASE_WORKER'] }) });
    // Signed with another secret, the same request is refused.
    expect(checkGatewaySignature('another-secret-another-secret-another-secret', body, headers['x-siuss-purpose'] as string)).toMatchObject({ ok: false, status: 403, code: 'FORBIDDEN' });
  });

  it('signs what the HMAC plugin signs by default when there are no claims nor purpose', () => {
    const variables = { taxCode: 'RSSMRA80C15H501M', filter: { codes: ['A1.04', null], on: '2025-01-01', nested: { z: 1, a: 'è "quoted" \u2028' } } };
    const query = 'query($taxCode:CodiceFiscale!){person(taxCode:$taxCode){name}}';
    expect(signedMaterial({ query, variables })).toBe(defaultParamsSerializer({ query, variables }));
    expect(signedMaterial({ query, variables: {} })).toBe(defaultParamsSerializer({ query, variables: {} }));
  });

  describe('refuses a bad token at the gateway with UNAUTHENTICATED naming the reason, calling no subgraph', () => {
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
    const mint = (claims: Record<string, unknown>, options: { privateKeyPem?: string; issuer?: string; audience?: string; hours?: number } = {}) => mintToken({
      privateKeyPem: options.privateKeyPem ?? auth.privateKeyPem, claims: claims as never, issuer: options.issuer ?? auth.gateway.jwt.issuer, audience: options.audience ?? auth.gateway.jwt.audience, hours: options.hours ?? 1,
    });
    const cases: Array<[string, () => Promise<string>, RegExp]> = [
      ['an expired token', async () => `Bearer ${await auth.token('ENTE_OPERATOR', { hours: -1 })}`, /the token expired at \d{4}-/],
      ['another issuer', async () => `Bearer ${await auth.token('ENTE_OPERATOR', { issuer: 'https://idp.example.org' })}`, /issued by https:\/\/idp\.example\.org; the hub accepts tokens of siuss-hub-dev/],
      ['another audience', async () => `Bearer ${await auth.token('ENTE_OPERATOR', { audience: 'another-api' })}`, /meant for another-api; the hub's audience is siuss-hub/],
      ['a token signed by another key', async () => `Bearer ${await mint({ ...demoClaims('ENTE_OPERATOR') }, { privateKeyPem: otherKey })}`, /signature does not verify/],
      ['an altered token', async () => {
        const [header, , signature] = (await auth.token('ENTE_OPERATOR')).split('.');
        const payload = Buffer.from(JSON.stringify({ ...demoClaims('INPS_ADMIN'), iss: auth.gateway.jwt.issuer, aud: auth.gateway.jwt.audience, exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
        return `Bearer ${header}.${payload}.${signature}`;
      }, /signature does not verify/],
      ['a role the hub does not know', async () => `Bearer ${await mint({ sub: 'VRDLRA79H61H501S', roles: ['ROOT'], scope: '' })}`, /roles the hub does not know: ROOT/],
      ['an ente operator without an ente', async () => `Bearer ${await mint({ sub: 'VRDLRA79H61H501S', roles: ['ENTE_OPERATOR'], scope: 'benefits:read' })}`, /ENTE_OPERATOR token must say its ente/],
      ['something that is not a JWT', async () => 'Bearer not-a-jwt', /not a JWT/],
      ['another scheme', async () => 'Basic dXNlcjpwYXNz', /not "Bearer <JWT>"/],
    ];
    it.each(cases)('%s', async (_name, authorization, reason) => {
      const before = received.length;
      const response = await graphqlRequest(gatewayUrl, '{ benefitCodes { code } whoami { authenticated } }', {}, { authorization: await authorization() });
      expect(response.status).toBe(401);
      expect(response.data ?? null).toBeNull();
      expect(response.errors).toHaveLength(1);
      expect(response.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
      expect(response.errors?.[0]?.message).toMatch(reason);
      expect(received).toHaveLength(before);
    });
  });

  it('says why in a WWW-Authenticate challenge too', async () => {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await auth.token('ENTE_OPERATOR', { hours: -1 })}` },
      body: JSON.stringify({ query: WHOAMI }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token", error_description="the token expired at /);
    const body = (await response.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
    expect(body.errors[0]?.extensions).not.toHaveProperty('http');
  });

  it('verifies tokens with the keys of a JWKS (SIUSS_JWT_JWKS_URL), by key id', async () => {
    const jwk = { ...createPublicKey(auth.publicKeyPem).export({ format: 'jwk' }), kid: 'hub-test-1', alg: 'ES256', use: 'sig' };
    const jwks = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    const jwksUrl = (await listen(jwks)).replace('/graphql', '/.well-known/jwks.json');
    try {
      const jwksGateway = await startGateway({ jwt: { ...auth.gateway.jwt, keys: { kind: 'jwks', url: jwksUrl } }, hmacSecret: auth.hmacSecret });
      const mint = (keyId: string) => mintToken({ privateKeyPem: auth.privateKeyPem, claims: demoClaims('INPS_ADMIN'), issuer: auth.gateway.jwt.issuer, audience: auth.gateway.jwt.audience, hours: 1, keyId });
      const known = await graphqlRequest<{ whoami: Viewer }>(jwksGateway, WHOAMI, {}, { authorization: `Bearer ${await mint('hub-test-1')}` });
      expect(known.data?.whoami).toMatchObject({ authenticated: true, roles: ['INPS_ADMIN'] });
      const unknown = await graphqlRequest(jwksGateway, WHOAMI, {}, { authorization: `Bearer ${await mint('rotated-away')}` });
      expect(unknown.status).toBe(401);
      expect(unknown.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringMatching(/key id rotated-away is not among the identity provider's keys/) });
    } finally {
      jwks.closeAllConnections();
      await new Promise((resolve) => jwks.close(resolve));
    }
  });

  it('enforces @authenticated on the one field that declares it, serving the rest (generic auth)', async () => {
    const before = received.length;
    const anonymous = await graphqlRequest<{ benefitCodes: unknown; whoami: { authenticated: boolean } }>(gatewayUrl, '{ benefitCodes { code } whoami { authenticated } }');
    expect(anonymous.status).toBe(200);
    // The withheld field is null with an error saying why, never a silent null.
    expect(anonymous.data).toEqual({ benefitCodes: null, whoami: { authenticated: false } });
    expect(anonymous.errors).toEqual([expect.objectContaining({
      message: expect.stringMatching(/^Query\.benefitCodes requires an authenticated operator/),
      path: ['benefitCodes'],
      extensions: expect.objectContaining({ code: 'UNAUTHENTICATED', field: 'Query.benefitCodes' }),
    })]);
    expect(received).toHaveLength(before);
    const operator = await graphqlRequest(gatewayUrl, '{ benefitCodes { code } whoami { authenticated } }', {}, await auth.bearer('ENTE_OPERATOR'));
    expect(operator.errors).toBeUndefined();
    expect(operator.data).toEqual({ benefitCodes: [{ code: 'A3.03' }], whoami: { authenticated: true } });
  });

  it('enforces @requiresScopes from the token\'s scope claim, naming the scope', async () => {
    const operator = await graphqlRequest(gatewayUrl, '{ healthNote whoami { authenticated } }', {}, await auth.bearer('ENTE_OPERATOR'));
    expect(operator.data).toEqual({ healthNote: null, whoami: { authenticated: true } });
    expect(operator.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Query\.healthNote requires the scope health:read; the token grants benefits:read /),
      extensions: { code: 'FORBIDDEN', requiredScopes: [['health:read']] },
    });
    // Every field of the operation withheld: still a typed error per field, not a failure.
    const anonymous = await graphqlRequest(gatewayUrl, '{ healthNote }');
    expect(anonymous).toMatchObject({ status: 200, data: { healthNote: null }, errors: [{ path: ['healthNote'], extensions: { code: 'UNAUTHENTICATED' } }] });
    const caseWorker = await graphqlRequest(gatewayUrl, '{ healthNote }', {}, await auth.bearer('CASE_WORKER'));
    expect(caseWorker).toMatchObject({ data: { healthNote: 'only with health:read' } });
    expect(caseWorker.errors).toBeUndefined();
  });

  it('leaves null a parent the subgraph answered null, when a field under it is withheld', async () => {
    // Generic auth nulls each withheld field's path, creating the parents it misses: without care a
    // refused row would come back as an object of nulls that no subgraph served.
    const response = await graphqlRequest(gatewayUrl, '{ nobody { authenticated diagnosis } whoami { authenticated diagnosis } }', {}, await auth.bearer('ENTE_OPERATOR'));
    expect(response.data).toEqual({ nobody: null, whoami: { authenticated: true, diagnosis: null } });
    expect(response.errors?.map((error) => [error.path, error.extensions?.['code']])).toEqual([[['nobody', 'diagnosis'], 'FORBIDDEN'], [['whoami', 'diagnosis'], 'FORBIDDEN']]);
  });

  it('accepts the tokens `npm run token` mints with the development key', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'siuss-dev-keys-'));
    try {
      const env = { ...process.env, NODE_ENV: 'development', SIUSS_DATA_DIR: dataDir, SIUSS_JWT_JWKS_URL: '', SIUSS_JWT_PUBLIC_KEY: '', SIUSS_JWT_ISSUER: '', SIUSS_JWT_AUDIENCE: '' };
      const cli = fileURLToPath(import.meta.resolve('@siuss/auth/cli'));
      const one = spawnSync(process.execPath, [cli, '--role', 'case_worker', '--ente', 'h501', '--hours', '2'], { env, encoding: 'utf8' });
      expect(one.stderr).toMatch(/CASE_WORKER token, valid 2 hours: sub CLMSRA84B49F839A, ente H501/);
      expect(one.status).toBe(0);
      expect(statSync(join(dataDir, 'dev-keys', 'private.pem')).mode & 0o777).toBe(0o600);
      const all = spawnSync(process.execPath, [cli, '--all'], { env, encoding: 'utf8' });
      expect(all.status).toBe(0);
      const tokens = all.stdout.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
      expect(tokens).toHaveLength(ROLES.length);
      expect(spawnSync(process.execPath, [cli, '--role', 'SUPERUSER'], { env, encoding: 'utf8' }).stderr).toMatch(/not a hub role/);

      const devGateway = await startGateway({ jwt: loadJwtSettings(env, { environment: 'development', dataDir }), hmacSecret: auth.hmacSecret });
      const response = await graphqlRequest<{ whoami: Viewer }>(devGateway, WHOAMI, {}, { authorization: `Bearer ${one.stdout.trim()}` });
      expect(response.data?.whoami).toMatchObject({ authenticated: true, operatorTaxCode: 'CLMSRA84B49F839A', enteCode: 'H501', roles: ['CASE_WORKER'] });
      for (const [index, token] of tokens.entries()) {
        const seen = await graphqlRequest<{ whoami: Viewer }>(devGateway, WHOAMI, {}, { authorization: `Bearer ${token}` });
        expect(seen.data?.whoami).toMatchObject({ authenticated: true, roles: [ROLES[index]] });
      }
      // The test gateway, trusting another key, refuses them.
      expect((await graphqlRequest(gatewayUrl, WHOAMI, {}, { authorization: `Bearer ${one.stdout.trim()}` })).status).toBe(401);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
