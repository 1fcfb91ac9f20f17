import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { validateWaasRequest, validateWaasResponse } from '@siuss/mocks/waas-openapi';
import { createWaasServer, type WaasServer } from '@siuss/mocks/waas-server';
import { inps, operator, psFlowXml, startFlowsHarness, type FlowsHarness } from './testing.ts';

// The WaaS round trip against a mock Comune that implements api-comuni v2.0.1 and checks every
// request the hub sends against the OpenAPI document: the hub polls GET /flussi page by page,
// acquires each flow once, runs it through the pipeline and posts the esiti, retrying a refused POST.

const ENTE = `query { waasEntes { enteCode watermark lastError pendingEsiti } }`;
const POLL = `mutation { pollWaas(enteCode: "H501") { enteCode watermark lastError pendingEsiti } }`;
const WAAS_FLOWS = `query { enteFlows(enteCode: "H501", first: 100) { edges { node { id name kind channel state failure { code esito } waas { flowId esitiDeliveredAt esitiAttempts } records(first: 1) { edges { node { esito acquisitionId } } } } } } }`;

let hub: FlowsHarness;
let comune: WaasServer;

beforeAll(async () => {
  comune = await createWaasServer({ outbox: { enteCode: 'H501', generated: 4, includeExamples: true, seed: 'flows-test' } });
  hub = await startFlowsHarness({ SIUSS_WAAS_PAGE_SIZE: '3' });
  const { errors } = await hub.graphql(`mutation($url: String!) { registerWaasEnte(input: { enteCode: "H501", baseUrl: $url }) { enteCode watermark } }`, { url: comune.apiUrl }, inps());
  expect(errors).toBeUndefined();
});
afterAll(async () => {
  await hub?.close();
  await comune?.close();
});

const apiViolations = () => comune.violations.filter((v) => v.status !== 503);

describe('WaaS acquisition', () => {
  it('acquires every listed flow once, in order, and posts one esito per flow', async () => {
    const { data, errors } = await hub.graphql(POLL, {}, inps());
    expect(errors).toBeUndefined();
    const lastTs = Math.max(...comune.outbox.flows.map((f) => f.ts));
    expect(data?.pollWaas).toEqual([{ enteCode: 'H501', watermark: lastTs, lastError: null, pendingEsiti: 0 }]);
    const flows = (await hub.graphql(WAAS_FLOWS, {}, inps())).data?.enteFlows.edges.map((e: { node: any }) => e.node).filter((f: any) => f.channel === 'WAAS');
    expect(flows).toHaveLength(comune.outbox.flows.length);
    expect(comune.esiti.map((e) => e.esito['id_flusso'])).toEqual(comune.outbox.flows.map((f) => f.flusso.id_flusso));
    expect(comune.esiti.every((e) => e.knownFlow)).toBe(true);
    expect(apiViolations()).toEqual([]);
  });

  it('answers the official examples as the INPS documentation expects', () => {
    const byFile = new Map(comune.esiti.map((e) => [e.esito['id_flusso'] as string, e.esito]));
    const [one, three, sinba] = comune.outbox.flows.slice(0, 3);
    expect(byFile.get(one!.flusso.id_flusso)).toMatchObject({ codice_esito: 'OK', tipo: 'PS_PSA_SINA' });
    expect(byFile.get(one!.flusso.id_flusso)?.['id_acquisizione_siuss']).toEqual(expect.any(String));
    expect(byFile.get(three!.flusso.id_flusso)).toMatchObject({ codice_esito: 'RICHIESTA_INVALIDA' });
    expect(byFile.get(three!.flusso.id_flusso)?.['descrizione_esito']).toMatch(/exactly one beneficiary and one benefit/);
    expect(byFile.get(three!.flusso.id_flusso)).not.toHaveProperty('id_acquisizione_siuss');
    expect(byFile.get(sinba!.flusso.id_flusso)).toMatchObject({ codice_esito: 'OK', tipo: 'SINBA' });
    for (const generated of comune.outbox.flows.slice(3)) expect(byFile.get(generated.flusso.id_flusso)).toMatchObject({ codice_esito: 'OK' });
  });

  it('sends esiti that conform to the OpenAPI document, and gets on-spec answers', async () => {
    for (const { esito } of comune.esiti) {
      expect(validateWaasRequest({ method: 'POST', path: '/esiti', headers: { authorization: 'Bearer x', 'content-type': 'application/json' }, body: { elenco_esiti: [esito] } })).toEqual([]);
    }
    const response = await fetch(`${comune.apiUrl}/flussi?since=0&limit=3`, { headers: { authorization: 'Bearer x' } });
    expect(validateWaasResponse('Flussi', response.status, await response.json(), response.headers.get('content-type') ?? undefined)).toEqual([]);
  });

  it('acquires nothing twice: the next poll starts after the watermark', async () => {
    const before = comune.esiti.length;
    const { data } = await hub.graphql(POLL, {}, inps());
    expect(data?.pollWaas[0]).toMatchObject({ lastError: null, pendingEsiti: 0 });
    expect(comune.esiti.length).toBe(before);
    const count = await hub.query(`select count(*)::int as n from flows.flow where channel = 'WAAS'`);
    expect(count[0]?.['n']).toBe(comune.outbox.flows.length);
  });

  it('retries a refused POST /esiti at the next poll, delivering each esito once', async () => {
    const appended = await fetch(`${comune.url}/__flows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ xml: psFlowXml('H501.PS.20261201.0000900', [{ prestazione: { ProtocolloDomanda: 'WAAS-RETRY' } }]), tipo: 'PS_PSA_SINA' }),
    });
    expect(appended.status).toBe(201);
    comune.failEsiti(1);
    const before = comune.esiti.length;
    const first = (await hub.graphql(POLL, {}, inps())).data?.pollWaas[0];
    expect(first).toMatchObject({ pendingEsiti: 1 });
    expect(first.lastError).toMatch(/503/);
    expect(comune.esiti.length).toBe(before);
    const second = (await hub.graphql(POLL, {}, inps())).data?.pollWaas[0];
    expect(second).toMatchObject({ pendingEsiti: 0, lastError: null });
    expect(comune.esiti.slice(before).map((e) => [e.esito['id_flusso'], e.esito['codice_esito']])).toEqual([['H501.PS.20261201.0000900', 'OK']]);
    const flow = (await hub.graphql(WAAS_FLOWS, {}, inps())).data?.enteFlows.edges.map((e: { node: any }) => e.node).find((f: any) => f.name === 'H501.PS.20261201.0000900');
    expect(flow.waas).toMatchObject({ flowId: 'H501.PS.20261201.0000900', esitiAttempts: 2 });
    expect(flow.waas.esitiDeliveredAt).toEqual(expect.any(String));
    expect(apiViolations()).toEqual([]);
  });

  it('refuses a flow of two benefits with RICHIESTA_INVALIDA', async () => {
    await fetch(`${comune.url}/__flows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ xml: psFlowXml('H501.PS.20261201.0000901', [{}, {}]), tipo: 'PS_PSA_SINA' }),
    });
    await hub.graphql(POLL, {}, inps());
    expect(comune.esiti.at(-1)?.esito).toMatchObject({ id_flusso: 'H501.PS.20261201.0000901', codice_esito: 'RICHIESTA_INVALIDA' });
    const stored = await hub.query(`select count(*)::int as n from benefits.benefit b join benefits.submission s on s.id = b.submission_id where s.flow_name = 'H501.PS.20261201.0000901'`);
    expect(stored[0]?.['n']).toBe(0);
  });

  it('keeps polling state when the Comune is down, and says why', async () => {
    comune.setBehaviour({ outage: true });
    try {
      const { data } = await hub.graphql(POLL, {}, inps());
      expect(data?.pollWaas[0].lastError).toMatch(/HTTP 5\d\d|unreachable/);
      const ente = (await hub.graphql(ENTE, {}, inps())).data?.waasEntes[0];
      expect(ente.watermark).toBe(data?.pollWaas[0].watermark);
    } finally {
      comune.setBehaviour({ outage: false });
    }
  });

  it('refuses to poll an ente that is not registered', async () => {
    const { errors } = await hub.graphql(`mutation { pollWaas(enteCode: "F205") { enteCode } }`, {}, inps());
    expect(errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });

  it('lets only INPS register and poll entes', async () => {
    const { errors } = await hub.graphql(POLL, {}, operator());
    expect(errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(errors?.[0]?.message).toMatch(/INPS_ADMIN/);
  });
});
