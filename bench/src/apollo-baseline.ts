// The baseline of the gateway benchmark: @apollo/gateway (dev-only dependency, used for nothing
// else) serving the hub's composed supergraph over the hub's running subgraphs, in its own process.
// It does what our gateway does on the way through: verifies the caller's bearer token with the
// hub's tokenVerifier, and signs every subgraph request with the claims and purpose exactly as our
// gateway signs them (@siuss/auth/signature), so the subgraphs serve it the same data.
//
// It does LESS than ours: @apollo/gateway refuses the supergraph's `for: SECURITY` features
// (policy, requiresScopes, authenticated), so it loads a copy without `for: SECURITY` on those links
// and enforces none of those directives (the subgraphs still apply their own rules); nor does it
// run our query protection (armor limits, rate limit, body limit).
//
// Run: node bench/src/apollo-baseline.ts --port N, with NODE_ENV, SIUSS_HMAC_SECRET, SIUSS_JWT_*
// and SIUSS_<SUBGRAPH>_URL in the environment as the hub gives them to our gateway.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { loadJwtSettings, loadSignatureSettings } from '@siuss/auth/config';
import type { TokenClaims } from '@siuss/auth/claims';
import { CLAIMS_EXTENSION, hmacSign, normalizePurpose, PURPOSE_HEADER, SIGNATURE_EXTENSION, SIGNED_AT_EXTENSION, signedMaterial } from '@siuss/auth/signature';
import { tokenVerifier } from '@siuss/auth/token';
import { loadHubConfig } from '@siuss/config/config';
import { writeGraphQLResponse } from '@siuss/service/http';

/** The per-request context: the verified claims (none for an anonymous caller) and the stated purpose. */
interface BaselineContext {
  claims: TokenClaims | null;
  purpose: string | null;
}

/**
 * The first requests sent to each subgraph since the last GET /bench/requests (which returns and
 * clears them), at most CAPTURED per subgraph: the bench sends one sample through and replays its
 * benefits fetch as the "subgraph direct" ceiling. Bounded, so the load itself costs a length check.
 */
const CAPTURED = 8;
let captured: Record<string, Array<{ query: string; variables: Record<string, unknown> | undefined }>> = {};

/**
 * The supergraph as @apollo/gateway accepts it: the same SDL with `for: SECURITY` taken off the
 * policy, requiresScopes and authenticated links (which it refuses as unsupported); their
 * directives stay in the schema and are ignored.
 */
function baselineSupergraph(sdl: string): string {
  return sdl.replace(/@link\(url: "https:\/\/specs\.apollo\.dev\/(policy|requiresScopes|authenticated)\/(v[\d.]+)", for: SECURITY\)/g, '@link(url: "https://specs.apollo.dev/$1/$2")');
}

/** A subgraph data source that signs each request the way our gateway's HMAC upstream signature does. */
class SignedDataSource extends RemoteGraphQLDataSource<BaselineContext> {
  readonly #name: string;
  readonly #secret: string;

  constructor(name: string, url: string, secret: string) {
    super({ url });
    this.#name = name;
    this.#secret = secret;
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<BaselineContext>): void {
    const { request } = options;
    const context = options.kind === 'incoming operation' ? options.context : undefined;
    const claims = context?.claims ?? null;
    const purpose = context?.purpose ?? null;
    const query = request.query ?? '';
    const list = (captured[this.#name] ??= []);
    if (list.length < CAPTURED) list.push({ query, variables: request.variables });
    const signedAt = Date.now();
    const signature = hmacSign(this.#secret, signedMaterial({ query, variables: request.variables, claims, purpose, signedAt }));
    request.extensions = { ...request.extensions, [SIGNATURE_EXTENSION]: signature, [SIGNED_AT_EXTENSION]: signedAt, ...(claims ? { [CLAIMS_EXTENSION]: { payload: claims } } : {}) };
    if (purpose) request.http?.headers.set(PURPOSE_HEADER, purpose);
  }
}

function unauthenticated(reason: string): GraphQLError {
  return new GraphQLError(`Authentication failed: ${reason}.`, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string', default: '127.0.0.1' } } });
  const hub = loadHubConfig(process.env);
  const jwt = loadJwtSettings(process.env, hub);
  const { hmacSecret } = loadSignatureSettings(process.env, hub);
  const verify = tokenVerifier(jwt);
  const supergraph = baselineSupergraph(readFileSync(new URL(import.meta.resolve('@siuss/schema/supergraph.graphql')), 'utf8'));
  const urls = Object.fromEntries(Object.entries(hub.subgraphs).map(([name, address]) => [name, address.url]));

  const gateway = new ApolloGateway({
    supergraphSdl: supergraph,
    buildService: ({ name }) => {
      const url = urls[name];
      if (!url) throw new Error(`no URL for subgraph ${name}`);
      return new SignedDataSource(name, url, hmacSecret);
    },
  });
  const apollo = new ApolloServer<BaselineContext>({ gateway, introspection: hub.environment !== 'production' });
  await apollo.start();

  const contextOf = async (headers: HeaderMap): Promise<BaselineContext> => {
    const purpose = normalizePurpose(headers.get(PURPOSE_HEADER));
    const header = headers.get('authorization')?.trim();
    if (!header) return { claims: null, purpose };
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthenticated('the Authorization header is not "Bearer <JWT>"');
    const verified = await verify(match[1] as string);
    if ('problem' in verified) throw unauthenticated(verified.problem);
    return { claims: verified.claims, purpose };
  };

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname === '/health') return sendJson(response, 200, { status: 'ok' });
      if (url.pathname === '/bench/requests') {
        sendJson(response, 200, captured);
        captured = {};
        return;
      }
      if (url.pathname !== '/graphql') return sendJson(response, 404, { error: 'use /graphql' });
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const text = request.method === 'POST' ? await readBody(request) : '';
      let body: unknown;
      try {
        body = text === '' ? {} : JSON.parse(text);
      } catch {
        return sendJson(response, 400, { errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
      }
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
        context: () => contextOf(headers),
      });
      await writeGraphQLResponse(response, result);
    })().catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { errors: [{ message: (error as Error).message }] });
      else response.end();
    });
  });
  server.listen(Number(values.port ?? 4010), values.host, () => console.log(`@apollo/gateway baseline ready at http://${values.host}:${values.port}/graphql`));

  const stop = (): void => {
    server.close(() => void apollo.stop().finally(() => process.exit(0)));
    server.closeAllConnections();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
