import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApolloServer } from '@apollo/server';
import { createLogger } from '@siuss/logging/logger';
import { serveApollo, type RunningService } from './http.ts';
import { viewerFromHeaders, type Viewer } from './viewer.ts';

describe('serveApollo', () => {
  let service: RunningService;
  let ready = true;

  beforeAll(async () => {
    const apollo = new ApolloServer<{ viewer: Viewer }>({
      typeDefs: 'type Query { hello: String, auth: String }',
      resolvers: { Query: { hello: () => 'world', auth: (_: unknown, __: unknown, { viewer }: { viewer: Viewer }) => viewer.authorization ?? null } },
    });
    service = await serveApollo({
      apollo,
      port: 0,
      context: async ({ headers }) => ({ viewer: viewerFromHeaders(headers) }),
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

  it('serves GraphQL with the viewer in the context', async () => {
    const response = await post(JSON.stringify({ query: '{ hello auth }' }), { authorization: 'Bearer t' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { hello: 'world', auth: 'Bearer t' } });
  });

  it('answers health always and readiness from the dependency check', async () => {
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
    expect(((await bad.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe('BAD_REQUEST');
    const big = await post(JSON.stringify({ query: `{ hello } # ${'x'.repeat(2000)}` }));
    expect(big.status).toBe(413);
    expect((await post(JSON.stringify({ query: '{ hello }' }))).status).toBe(200);
  });

  it('blocks simple cross-site GET requests (CSRF prevention)', async () => {
    const response = await fetch(`${service.url}?query=%7Bhello%7D`);
    expect(response.status).toBe(400);
  });
});
