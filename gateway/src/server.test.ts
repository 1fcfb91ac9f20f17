import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testAuth } from '@siuss/testing/auth';
import { graphqlRequest, recordingJsonServer } from '@siuss/testing/http';
import { EXAMPLE_OPERATION } from './example.ts';
import { createGateway } from './server.ts';

// The real gateway, in-process, in front of a stand-in benefits subgraph that records what it receives.

describe('gateway', () => {
  const received: Array<{ headers: IncomingHttpHeaders; body: { query: string; extensions?: Record<string, any> } }> = [];
  let subgraph: Server;
  let gateway: Server;
  let gatewayUrl: string;

  beforeAll(async () => {
    subgraph = recordingJsonServer({ data: { benefitCodes: [{ code: 'A3.03' }] } }, received).server;
    await new Promise<void>((resolve) => subgraph.listen(0, '127.0.0.1', resolve));
    const subgraphPort = (subgraph.address() as AddressInfo).port;
    const supergraph = readFileSync(new URL(import.meta.resolve('@siuss/schema/supergraph.graphql')), 'utf8');
    const runtime = createGateway({
      supergraph,
      subgraphUrls: { benefits: `http://127.0.0.1:${subgraphPort}/graphql` },
      graphiql: false,
      logging: false,
      auth: testAuth().gateway,
    });
    gateway = createServer(runtime);
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/graphql`;
  });

  afterAll(async () => {
    await new Promise((resolve) => gateway.close(resolve));
    await new Promise((resolve) => subgraph.close(resolve));
  });

  it('routes to the subgraph URL given at start, signed, with the verified claims and the purpose instead of the token', async () => {
    const headers = { ...(await testAuth().bearer('ENTE_OPERATOR')), 'x-siuss-purpose': 'verifica requisiti' };
    const response = await graphqlRequest(gatewayUrl, '{ benefitCodes(search: "asilo") { code } }', {}, headers);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ benefitCodes: [{ code: 'A3.03' }] });
    expect(received).toHaveLength(1);
    expect(received[0]?.headers.authorization).toBeUndefined();
    expect(received[0]?.headers['x-siuss-purpose']).toBe('verifica requisiti');
    expect(received[0]?.body.query).toContain('benefitCodes');
    expect(received[0]?.body.extensions).toEqual({ 'hmac-signature': expect.any(String), 'hmac-signed-at': expect.any(Number), jwt: { payload: expect.objectContaining({ sub: 'VRDLRA79H61H501S', ente: 'H501' }) } });
  });

  it('rejects an operation the supergraph does not have, without calling subgraphs', async () => {
    const before = received.length;
    const response = await graphqlRequest(gatewayUrl, '{ nothing }');
    expect(response.errors?.[0]?.message).toMatch(/nothing/);
    expect(received).toHaveLength(before);
  });

  it('hides GraphiQL when disabled', async () => {
    const page = await fetch(gatewayUrl, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('GraphiQL');
  });
});

describe('gateway GraphiQL', () => {
  let gateway: Server;
  let gatewayUrl: string;

  beforeAll(async () => {
    const supergraph = readFileSync(new URL(import.meta.resolve('@siuss/schema/supergraph.graphql')), 'utf8');
    gateway = createServer(createGateway({ supergraph, subgraphUrls: {}, graphiql: true, logging: false }));
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/graphql`;
  });

  afterAll(async () => {
    await new Promise((resolve) => gateway.close(resolve));
  });

  it('opens on the welfare-position example operation', async () => {
    const page = await fetch(gatewayUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('GraphiQL');
    // The example is embedded in the page as GraphiQL's default query.
    expect(EXAMPLE_OPERATION).toContain('query WelfarePosition($taxCode: CodiceFiscale!');
    expect(html).toContain('query WelfarePosition($taxCode: CodiceFiscale!');
    expect(html).toContain('servicesNearby');
  });
});
