import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { entryCursor } from '@siuss/audit/testing';
import { verifyAuditChain } from '@siuss/audit/verify';
import { createWaasServer, type WaasServer } from '@siuss/mocks/waas-server';
import { inps, psFlowXml, startFlowsHarness, validPrestazione, type FlowsHarness } from './testing.ts';

let hub: FlowsHarness;
let comune: WaasServer;
/** The entries written since the last call. */
const audit = entryCursor((afterId) => hub.auditEntries(afterId));
const newEntries = () => audit.next();

beforeAll(async () => {
  comune = await createWaasServer({ outbox: { enteCode: 'H501', generated: 2, includeExamples: false, seed: 'audit-test' } });
  hub = await startFlowsHarness();
});
afterAll(async () => {
  await hub?.close();
  await comune?.close();
});

describe('audit of the flows subgraph', () => {
  it('records an upload to POST /flows as one entry about the flow, whatever its number of records', async () => {
    const xml = psFlowXml('H501.PS.20261201.0000071', [1, 2, 3].map((n) => ({ prestazione: validPrestazione(n) })));
    const { status, body } = await hub.upload(xml, 'format=XML');
    expect(status).toBe(202);
    await hub.waitForFlow(body['id'] as string);
    expect(await newEntries()).toEqual([expect.objectContaining({
      action: 'WRITE', subgraph: 'flows', operationType: 'upload', operationName: 'POST /flows', subject: { kind: 'FLOW', id: body['id'] }, fields: ['POST /flows'],
    })]);
  });

  it('records submitFlow as one entry about the flow', async () => {
    const xml = psFlowXml('H501.PS.20261201.0000072', [{ prestazione: validPrestazione(72) }]);
    const { data, errors } = await hub.graphql(`mutation Submit($input: SubmitFlowInput!) { submitFlow(input: $input) { flow { id } } }`,
      { input: { content: xml, format: 'XML' } });
    expect(errors).toBeUndefined();
    expect(await newEntries()).toEqual([expect.objectContaining({
      action: 'WRITE', operationType: 'mutation', operationName: 'Submit', subject: { kind: 'FLOW', id: data?.submitFlow.flow.id }, fields: ['Mutation.submitFlow'],
    })]);
  });

  it('records each flow acquired through WaaS, and the registration and poll that led to it', async () => {
    expect((await hub.graphql(`mutation($url: String!) { registerWaasEnte(input: { enteCode: "H501", baseUrl: $url }) { enteCode } }`, { url: comune.apiUrl }, inps())).errors).toBeUndefined();
    expect((await hub.graphql(`mutation { pollWaas(enteCode: "H501") { enteCode } }`, {}, inps())).errors).toBeUndefined();
    const entries = await newEntries();
    const acquired = entries.filter((entry) => entry.operationType === 'waas');
    expect(acquired).toHaveLength(comune.outbox.flows.length);
    expect(acquired.every((entry) => entry.subject?.kind === 'FLOW' && entry.enteCode === 'H501' && entry.operatorTaxCode === null)).toBe(true);
    expect(entries.filter((entry) => entry.operationType === 'mutation').map((entry) => [entry.subject, entry.fields])).toEqual([
      [null, ['Mutation.registerWaasEnte']],
      [null, ['Mutation.pollWaas']],
    ]);
    expect(await verifyAuditChain(hub.db.url)).toMatchObject({ intact: true, entries: audit.lastId });
  });
});
