import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { MockServer } from './http.ts';
import { createIseeServer } from '../isee/server.ts';

const SEARCH = { dataValidita: '2025-06-01', codiciFiscali: ['RSSMRA80C15H501M'] };

function search(server: MockServer, signal?: AbortSignal) {
  return fetch(`${server.url}/attestazioni/ricerca`, { method: 'POST', body: JSON.stringify(SEARCH), ...(signal ? { signal } : {}) });
}

function control(server: MockServer, body: unknown) {
  return fetch(`${server.url}/__control`, { method: 'POST', body: JSON.stringify(body) });
}

describe('mock registry behaviour: latency, errors, outage', () => {
  let server: MockServer;

  beforeAll(async () => {
    server = await createIseeServer();
  });

  beforeEach(() => {
    server.setBehaviour({ latencyMs: 0, errorRate: 0, outage: false });
    server.resetCounters();
  });

  afterAll(async () => {
    await server?.close();
  });

  it('delays answers by the configured latency', async () => {
    server.setBehaviour({ latencyMs: 300 });
    const started = performance.now();
    const response = await search(server);
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('fails with 503 problem+json at the error rate', async () => {
    server.setBehaviour({ errorRate: 1 });
    const response = await search(server);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toMatchObject({ status: 503, title: 'Service Unavailable' });

    server.setBehaviour({ errorRate: 0.5 });
    const statuses = await Promise.all(Array.from({ length: 60 }, async () => (await search(server)).status));
    expect(statuses.filter((status) => status === 503).length).toBeGreaterThan(10);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(10);
  });

  it('drops connections during an outage while /health and /__control still answer', async () => {
    server.setBehaviour({ outage: true });
    await expect(search(server)).rejects.toThrow();
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', behaviour: { outage: true } });
    expect(server.requests).toBe(1);
  });

  it('is steered at run time through POST /__control, and counts API requests only', async () => {
    const slow = await control(server, { latencyMs: 250, errorRate: 0, outage: false });
    expect(slow.status).toBe(200);
    expect(await slow.json()).toMatchObject({ registry: 'isee', behaviour: { latencyMs: 250, errorRate: 0, outage: false } });
    expect(server.behaviour.latencyMs).toBe(250);
    const started = performance.now();
    await search(server);
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);

    await control(server, { outage: true });
    await expect(search(server)).rejects.toThrow();
    await control(server, { outage: false, latencyMs: 0 });
    expect((await search(server)).status).toBe(200);

    const state = (await (await fetch(`${server.url}/__control`)).json()) as any;
    expect(state).toMatchObject({ requests: 3, requestsByRoute: { ricerca: 3 } });
    const reset = (await (await control(server, { resetCounters: true })).json()) as any;
    expect(reset).toMatchObject({ requests: 0, requestsByRoute: {} });
  });

  it('refuses invalid control settings, naming each', async () => {
    const response = await control(server, { latencyMs: -1, errorRate: 2, outage: 'yes', colour: 'red' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as any;
    expect(body['invalid-params'].map((param: any) => param.name).sort()).toEqual(['colour', 'errorRate', 'latencyMs', 'outage']);
    expect(server.behaviour).toEqual({ latencyMs: 0, errorRate: 0, outage: false });
    expect((await control(server, [1, 2])).status).toBe(400);
  });
});
