import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApolloServer } from '@apollo/server';
import { CLAIMS_EXTENSION, hmacSign, SIGNATURE_EXTENSION, SIGNED_AT_EXTENSION, signedMaterial } from '@siuss/auth/signature';
import { createLogger } from '@siuss/logging/logger';
import { signedSubgraphRequest } from './forwarding.ts';
import { serveApollo, type RunningService } from './http.ts';
import { anonymousViewer, trustedViewer, type Viewer } from './viewer.ts';

const SECRET = 'a-test-secret-of-at-least-32-characters';
const WHO = '{ who { authenticated operatorTaxCode enteCode ambitoCode regionCode purpose roles scopes } }';

describe('serveApollo', () => {
  let service: RunningService;
  let ready = true;

  beforeAll(async () => {
    const apollo = new ApolloServer<{ viewer: Viewer }>({
      typeDefs: `type Query { hello: String, who: Who }
        type Who { authenticated: Boolean! operatorTaxCode: String enteCode: String ambitoCode: String regionCode: String purpose: String roles: [String!]! scopes: [String!]! }`,
      resolvers: { Query: { hello: () => 'world', who: (_: unknown, __: unknown, { viewer }: { viewer: Viewer }) => viewer } },
    });
    service = await serveApollo({
      apollo,
      port: 0,
      gatewaySecret: SECRET,
      context: async ({ viewer }) => ({ viewer }),
      ready: async () => ready,
      logger: createLogger({ name: 'test', level: 'silent' }),
      maxBodyBytes: 1000,
    });
  });
  afterAll(async () => {
    await service.close();
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(service.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const signed = (query: string, viewer: Viewer = anonymousViewer()) => {
    const request = signedSubgraphRequest(SECRET, { query }, viewer);
    return fetch(service.url, { method: 'POST', headers: request.headers, body: request.body });
  };
  const refusal = async (response: Response) => ((await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> }).errors[0];

  it('serves a signed request with the viewer of its signed claims and purpose', async () => {
    const operator = trustedViewer({ operatorTaxCode: 'VRDLRA79H61H501S', enteCode: 'H501', ambitoCode: 'AMB-ROMA', regionCode: '12', roles: ['ENTE_OPERATOR'], scopes: ['benefits:read', 'isee:read'], purpose: 'presa in carico' });
    const response = await signed(WHO, operator);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { who: {
      authenticated: true, operatorTaxCode: 'VRDLRA79H61H501S', enteCode: 'H501', ambitoCode: 'AMB-ROMA', regionCode: '12',
      purpose: 'presa in carico', roles: ['ENTE_OPERATOR'], scopes: ['benefits:read', 'isee:read'],
    } } });
    const anonymous = await (await signed(WHO, { ...anonymousViewer(), purpose: 'statistica' })).json() as { data: { who: Viewer } };
    expect(anonymous.data.who).toMatchObject({ authenticated: false, operatorTaxCode: null, purpose: 'statistica', roles: [] });
  });

  it('refuses a request without the gateway signature, whatever it claims', async () => {
    const bare = await post(JSON.stringify({ query: WHO }), { authorization: 'Bearer a.b.c', 'x-siuss-purpose': 'x' });
    expect(bare.status).toBe(403);
    const error = await refusal(bare);
    expect(error?.extensions.code).toBe('FORBIDDEN');
    expect(error?.message).toMatch(/no gateway signature.*requests must come through the gateway/);
    const claimsOnly = await post(JSON.stringify({ query: WHO, extensions: { [CLAIMS_EXTENSION]: { payload: { sub: 'VRDLRA79H61H501S', roles: ['INPS_ADMIN'], scope: 'benefits:read' } } } }));
    expect(claimsOnly.status).toBe(403);
  });

  it('refuses a forged or altered signature', async () => {
    const claims = { sub: 'VRDLRA79H61H501S', roles: ['ENTE_OPERATOR'], ente: 'H501', scope: 'benefits:read' };
    const at = Date.now();
    const forged = hmacSign('another-secret-another-secret-another', signedMaterial({ query: WHO, claims, signedAt: at }));
    const withForged = await post(JSON.stringify({ query: WHO, extensions: { [SIGNATURE_EXTENSION]: forged, [SIGNED_AT_EXTENSION]: at, [CLAIMS_EXTENSION]: { payload: claims } } }));
    expect(withForged.status).toBe(403);
    expect((await refusal(withForged))?.message).toMatch(/does not match.*requests must come through the gateway/);

    // A genuine signature, then the claims swapped for an administrator's: refused.
    const genuine = JSON.parse(signedSubgraphRequest(SECRET, { query: WHO }, trustedViewer({ operatorTaxCode: 'VRDLRA79H61H501S', enteCode: 'H501', roles: ['ENTE_OPERATOR'] })).body) as { extensions: Record<string, any> };
    genuine.extensions[CLAIMS_EXTENSION].payload.roles = ['INPS_ADMIN'];
    expect((await post(JSON.stringify({ query: WHO, ...genuine }))).status).toBe(403);
    // ... or the query changed, or the purpose.
    const request = signedSubgraphRequest(SECRET, { query: WHO }, { ...anonymousViewer(), purpose: 'statistica' });
    expect((await post(request.body.replace('authenticated', '__typename authenticated'), request.headers)).status).toBe(403);
    expect((await post(request.body, { ...request.headers, 'x-siuss-purpose': 'altro' })).status).toBe(403);
    // ... or the signing time moved (to make an old capture look fresh).
    const moved = JSON.parse(request.body) as { extensions: Record<string, unknown> };
    moved.extensions[SIGNED_AT_EXTENSION] = Date.now() + 1;
    expect((await post(JSON.stringify(moved), request.headers)).status).toBe(403);
  });

  it('refuses a genuine signed request replayed after a couple of minutes, or signed in the future, or with no signing time', async () => {
    const viewer = trustedViewer({ operatorTaxCode: 'VRDLRA79H61H501S', enteCode: 'H501', roles: ['ENTE_OPERATOR'], scopes: ['benefits:read'] });
    const fresh = signedSubgraphRequest(SECRET, { query: WHO }, viewer, Date.now() - 60_000);
    expect((await post(fresh.body, fresh.headers)).status).toBe(200);
    const old = signedSubgraphRequest(SECRET, { query: WHO }, viewer, Date.now() - 150_000);
    const replayed = await post(old.body, old.headers);
    expect(replayed.status).toBe(403);
    expect(await refusal(replayed)).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringMatching(/more than 120 s ago: a replayed request/) });
    const future = signedSubgraphRequest(SECRET, { query: WHO }, viewer, Date.now() + 120_000);
    expect((await refusal(await post(future.body, future.headers)))?.message).toMatch(/in the future/);
    const untimed = await post(JSON.stringify({ query: WHO, extensions: { [SIGNATURE_EXTENSION]: hmacSign(SECRET, signedMaterial({ query: WHO })) } }));
    expect(untimed.status).toBe(403);
    expect((await refusal(untimed))?.message).toMatch(/no signing time/);
  });

  it('refuses signed claims that expired or are not hub claims, as UNAUTHENTICATED', async () => {
    const expired = { sub: 'VRDLRA79H61H501S', roles: ['ENTE_OPERATOR'], ente: 'H501', scope: '', exp: Math.floor(Date.now() / 1000) - 3600 };
    const at = Date.now();
    const response = await post(JSON.stringify({ query: WHO, extensions: { [SIGNATURE_EXTENSION]: hmacSign(SECRET, signedMaterial({ query: WHO, claims: expired, signedAt: at })), [SIGNED_AT_EXTENSION]: at, [CLAIMS_EXTENSION]: { payload: expired } } }));
    expect(response.status).toBe(401);
    expect(await refusal(response)).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringMatching(/expired at/) });
    const strange = { sub: 'X', roles: ['SUPERUSER'], scope: '' };
    const unknown = await post(JSON.stringify({ query: WHO, extensions: { [SIGNATURE_EXTENSION]: hmacSign(SECRET, signedMaterial({ query: WHO, claims: strange, signedAt: at })), [SIGNED_AT_EXTENSION]: at, [CLAIMS_EXTENSION]: { payload: strange } } }));
    expect(unknown.status).toBe(401);
    expect((await refusal(unknown))?.message).toMatch(/SUPERUSER/);
  });

  it('answers health always and readiness from the dependency check, unsigned', async () => {
    const base = service.url.replace('/graphql', '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    ready = false;
    expect((await fetch(`${base}/ready`)).status).toBe(503);
    ready = true;
  });

  it('refuses bad JSON and oversized bodies with clear errors, and keeps serving', async () => {
    const bad = await post('{not json');
    expect(bad.status).toBe(400);
    expect((await refusal(bad))?.extensions.code).toBe('BAD_REQUEST');
    const big = await post(JSON.stringify({ query: `{ hello } # ${'x'.repeat(2000)}` }));
    expect(big.status).toBe(413);
    expect((await signed('{ hello }')).status).toBe(200);
  });

  it('checks the signature of a GET, and still blocks simple cross-site GETs (CSRF prevention)', async () => {
    const query = '{ hello }';
    const at = Date.now();
    const extensions = JSON.stringify({ [SIGNATURE_EXTENSION]: hmacSign(SECRET, signedMaterial({ query, signedAt: at })), [SIGNED_AT_EXTENSION]: at });
    const search = `query=${encodeURIComponent(query)}&extensions=${encodeURIComponent(extensions)}`;
    expect((await fetch(`${service.url}?query=${encodeURIComponent(query)}`)).status).toBe(403);
    expect((await fetch(`${service.url}?${search}`)).status).toBe(400);
    const preflighted = await fetch(`${service.url}?${search}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
    expect(await preflighted.json()).toEqual({ data: { hello: 'world' } });
  });
});
