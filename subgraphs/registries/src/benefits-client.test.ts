import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@siuss/logging/logger';
import { checkGatewaySignature, type GatewayCheck } from '@siuss/service/gateway-signature';
import { anonymousViewer, trustedViewer } from '@siuss/service/viewer';
import { BenefitsClient } from './benefits-client.ts';

// The benefits subgraph as the client sees it: a server that checks the gateway signature exactly
// as every subgraph does and records the viewer it would serve.

const SECRET = 'the-hub-secret-of-at-least-32-characters';

describe('BenefitsClient', () => {
  let server: Server;
  let url: string;
  const checks: GatewayCheck[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk) => (text += chunk));
      request.on('end', () => {
        const check = checkGatewaySignature(SECRET, JSON.parse(text), request.headers['x-siuss-purpose'] as string | undefined);
        checks.push(check);
        response.writeHead(check.ok ? 200 : check.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(check.ok
          ? { data: { enteBenefits: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } } }
          : { errors: [{ message: check.message, extensions: { code: check.code } }] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const client = (hmacSecret: string) => new BenefitsClient({ url, timeoutMs: 2000, maxBenefits: 10, hmacSecret, logger: createLogger({ name: 'test', level: 'silent' }) });

  it('signs its requests as the gateway does, carrying the caller\'s identity and purpose', async () => {
    const caller = trustedViewer({ operatorTaxCode: 'DLCNDR82M03H501W', roles: ['INPS_ADMIN'], scopes: ['benefits:read', 'isee:read'], purpose: 'controllo ISEE' });
    expect(await client(SECRET).iseeTestedBenefits('H501', { from: null, to: null }, caller)).toEqual([]);
    expect(checks.at(-1)).toEqual({ ok: true, viewer: { ...caller } });
    await client(SECRET).iseeTestedBenefits('H501', { from: null, to: null }, anonymousViewer());
    expect(checks.at(-1)).toEqual({ ok: true, viewer: anonymousViewer() });
  });

  it('is refused with another secret, and says so as FORBIDDEN', async () => {
    await expect(client('another-secret-of-at-least-32-characters').iseeTestedBenefits('H501', { from: null, to: null }, anonymousViewer()))
      .rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });
});
