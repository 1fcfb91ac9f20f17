import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testAuth } from '@siuss/testing/auth';
import { operator, psFlowXml, startFlowsHarness, TEST_TAX_CODES, validPrestazione, type FlowsHarness } from './testing.ts';

const fixture = (name: string): Buffer => readFileSync(new URL(import.meta.resolve(`@siuss/xsd/fixtures/${name}`)));
const ONE = 'openapi-schema-example_PS_PSA_SINA_1prestazione.xml';
const THREE = 'openapi-example-1_PS_PSA_SINA_3prestazioni.xml';
const SINBA = 'openapi-example-2_SINBA.xml';

const FLOW = `query Flow($id: ID!, $esito: [Esito!], $after: String) {
  flow(id: $id) {
    id name enteCode kind format channel state totalRecords processedRecords progress rejectedRecordsPath
    counts { ok richiestaInvalida datiNonTrovati erroreGenerico withWarnings }
    failure { code message esito }
    records(first: 2, esito: $esito, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { index line operation esito acquisitionId sinaAssessmentId description violations { rule field severity message } } }
    }
  }
}`;

let hub: FlowsHarness;

beforeAll(async () => {
  hub = await startFlowsHarness({ SIUSS_FLOWS_BATCH_SIZE: '3' });
});
afterAll(async () => hub?.close());

async function submit(content: string | Buffer, query = 'format=XML') {
  const { status, body } = await hub.upload(content, query);
  expect([200, 202]).toContain(status);
  return { ...(await hub.waitForFlow(body['id'] as string)), created: body['created'] as boolean, status };
}

const benefitCount = async (): Promise<number> => Number((await hub.query('select count(*) as n from benefits.benefit'))[0]?.['n']);

describe('the official INPS example flows', () => {
  it('acquires the 1-benefit PS example with its SINA, keeping the same-year and quota warnings', async () => {
    const flow = await submit(fixture(ONE));
    expect(flow).toMatchObject({ state: 'DONE', kind: 'PS', name: 'H501.PS.INPS.20160423.115235', enteCode: 'H501', totalRecords: 1, processedRecords: 1 });
    expect(flow.counts).toEqual({ OK: 1, RICHIESTA_INVALIDA: 0, DATI_NON_TROVATI: 0, ERRORE_GENERICO: 0, withWarnings: 1 });
    const { data } = await hub.graphql(FLOW, { id: flow.id });
    const record = data?.flow.records.edges[0].node;
    expect(record).toMatchObject({ index: 0, esito: 'OK', operation: 'I' });
    expect(record.violations.map((v: { rule: string }) => v.rule)).toEqual(expect.arrayContaining(['R5', 'R6-quota']));
    expect(record.violations.every((v: { severity: string }) => v.severity === 'WARNING')).toBe(true);
    const stored = await hub.query('select b.id, b.code, b.status, p.tax_code from benefits.benefit b join benefits.beneficiary p on p.id = b.beneficiary_id where b.id = $1', [record.acquisitionId]);
    expect(stored).toEqual([{ id: record.acquisitionId, code: 'A2.16', status: 'ACTIVE', tax_code: 'RSSMRK66C14H501U' }]);
    const sina = await hub.query('select benefit_id, needed_benefit_codes, civil_invalidity from assessments.sina_assessment where id = $1', [record.sinaAssessmentId]);
    expect(sina).toEqual([{ benefit_id: record.acquisitionId, needed_benefit_codes: ['A1.01', 'A1.02'], civil_invalidity: ['1', '2'] }]);
  });

  it('refuses the 3 records of the 3-benefit example: its codici fiscali have wrong check characters', async () => {
    const before = await benefitCount();
    const flow = await submit(fixture(THREE));
    expect(flow).toMatchObject({ state: 'DONE', totalRecords: 3 });
    expect(flow.counts).toMatchObject({ OK: 0, RICHIESTA_INVALIDA: 3 });
    const { data } = await hub.graphql(FLOW, { id: flow.id });
    for (const { node } of data?.flow.records.edges ?? []) {
      expect(node.violations).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'R10', field: 'Beneficiario@CodiceFiscale' }), expect.objectContaining({ rule: 'R10', field: 'Ente@CFOperatore' })]));
      expect(node.description).toMatch(/^Record \d \(line \d+\) refused: .*Beneficiario@CodiceFiscale/);
      expect(node.description).not.toContain('AAABBB39M66A351C');
    }
    expect(await benefitCount()).toBe(before);
  });

  it('acquires the SINBA example as a pseudonymous case of its ente, warning on the age band', async () => {
    const flow = await submit(fixture(SINBA));
    expect(flow).toMatchObject({ state: 'DONE', kind: 'SINBA', name: 'H501.SINBA.20210520.00000004', totalRecords: 1 });
    expect(flow.counts).toMatchObject({ OK: 1, withWarnings: 1 });
    const { data } = await hub.graphql(FLOW, { id: flow.id });
    const record = data?.flow.records.edges[0].node;
    const stored = await hub.query('select ente_code, reporting_year from assessments.sinba_case where id = $1', [record.acquisitionId]);
    expect(stored).toEqual([{ ente_code: 'H501', reporting_year: 2021 }]);
    expect(record.violations.map((v: { rule: string }) => v.rule)).toContain('SINBA-R5');
  });
});

describe('re-submission', () => {
  it('returns the original outcomes for the same file and stores nothing twice', async () => {
    const xml = psFlowXml('H501.PS.20261201.0000001', [{}, {}]);
    const first = await submit(xml);
    expect(first).toMatchObject({ created: true, state: 'DONE' });
    const before = await benefitCount();
    const again = await submit(xml);
    expect(again).toMatchObject({ id: first.id, created: false, status: 200, counts: first.counts });
    expect(await benefitCount()).toBe(before);
  });

  it('acknowledges identical records sent again in a new flow with their first acquisition id', async () => {
    const records = [{ prestazione: { ProtocolloDomanda: 'AGAIN-1' } }];
    const first = await submit(psFlowXml('H501.PS.20261201.0000002', records));
    const again = await submit(psFlowXml('H501.PS.20261201.0000003', records));
    const ids = await Promise.all([first, again].map(async (f) => (await hub.graphql(FLOW, { id: f.id })).data?.flow.records.edges[0].node));
    expect(ids[1]).toMatchObject({ esito: 'OK', acquisitionId: ids[0].acquisitionId });
    expect(ids[1].description).toMatch(/already acquired/);
  });

  it('refuses a different file under a name already used', async () => {
    await submit(psFlowXml('H501.PS.20261201.0000004', [{}]));
    const flow = await submit(psFlowXml('H501.PS.20261201.0000004', [{ prestazione: { ProtocolloDomanda: 'OTHER' } }]));
    expect(flow).toMatchObject({ state: 'FAILED', failure: { code: 'NAME_REUSED' } });
    const { data } = await hub.graphql(FLOW, { id: flow.id });
    expect(data?.flow.failure).toMatchObject({ code: 'NAME_REUSED', esito: 'RICHIESTA_INVALIDA' });
  });
});

describe('partial acceptance, outcomes and downloads', () => {
  let flowId: string;
  beforeAll(async () => {
    const flow = await submit(psFlowXml('H501.PS.20261201.0000010', [
      { prestazione: { ProtocolloDomanda: 'MIX-1' } },
      { prestazione: { ProtocolloDomanda: 'MIX-2', ImportoMensile: '-5.00' } },
      { prestazione: { ProtocolloDomanda: 'MIX-3', CodicePrestazione: 'X9.99' } },
      { prestazione: { ProtocolloDomanda: 'MIX-4' } },
      { prestazione: { ProtocolloDomanda: 'MIX-5', PresaCarico: '1', AreaUtenza: undefined } },
    ]));
    flowId = flow.id;
  });

  it('stores the good records and refuses the others, each with its esito', async () => {
    const { data } = await hub.graphql(FLOW, { id: flowId });
    expect(data?.flow).toMatchObject({ state: 'DONE', totalRecords: 5, processedRecords: 5, progress: 1, counts: { ok: 2, richiestaInvalida: 2, datiNonTrovati: 1, erroreGenerico: 0 } });
    const stored = await hub.query(`select application_protocol from benefits.benefit where application_protocol like 'MIX-%' order by 1`);
    expect(stored.map((r) => r['application_protocol'])).toEqual(['MIX-1', 'MIX-4']);
  });

  it('pages the outcomes and filters them by esito', async () => {
    const page1 = (await hub.graphql(FLOW, { id: flowId, esito: ['RICHIESTA_INVALIDA', 'DATI_NON_TROVATI'] })).data?.flow.records;
    expect(page1.totalCount).toBe(3);
    expect(page1.edges.map((e: { node: { index: number } }) => e.node.index)).toEqual([1, 2]);
    expect(page1.edges[1].node).toMatchObject({ esito: 'DATI_NON_TROVATI', violations: [expect.objectContaining({ rule: 'REF', field: 'PrestazioniSociali@CodicePrestazione' })] });
    const page2 = (await hub.graphql(FLOW, { id: flowId, esito: ['RICHIESTA_INVALIDA', 'DATI_NON_TROVATI'], after: page1.pageInfo.endCursor })).data?.flow.records;
    expect(page2.edges.map((e: { node: { index: number; violations: Array<{ rule: string }> } }) => [e.node.index, e.node.violations[0]?.rule])).toEqual([[4, 'R8']]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
  });

  it('downloads the refused records as CSV with their errors', async () => {
    const response = await fetch(`${hub.baseUrl}/flows/${flowId}/rejected.csv`, { headers: await testAuth().bearer('ENTE_OPERATOR') });
    expect(response.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toBe('record;line;operation;esito;description;rules;fields');
    expect(lines.slice(1).map((l) => l.split(';').slice(0, 4).filter((_, i) => i !== 1))).toEqual([['2', 'I', 'RICHIESTA_INVALIDA'], ['3', 'I', 'DATI_NON_TROVATI'], ['5', 'I', 'RICHIESTA_INVALIDA']]);
    expect(lines[3]).toContain('R8');
  });

  it('streams every outcome as NDJSON', async () => {
    const lines = (await (await fetch(`${hub.baseUrl}/flows/${flowId}/records`, { headers: await testAuth().bearer('ENTE_OPERATOR') })).text()).trim().split('\n').map((l) => JSON.parse(l) as { index: number; esito: string });
    expect(lines.map((l) => l.esito)).toEqual(['OK', 'RICHIESTA_INVALIDA', 'DATI_NON_TROVATI', 'OK', 'RICHIESTA_INVALIDA']);
  });
});

describe('cancellation (TipoOperazione C)', () => {
  it('cancels an existing record and reports a missing one as DATI_NON_TROVATI', async () => {
    await submit(psFlowXml('H501.PS.20261201.0000020', [{ prestazione: { ProtocolloDomanda: 'CANC-1' }, sina: {} }]));
    const [benefit] = await hub.query(`select id from benefits.benefit where application_protocol = 'CANC-1' and status = 'ACTIVE'`);
    const flow = await submit(psFlowXml('H501.PS.20261201.0000021', [
      { prestazione: { ProtocolloDomanda: 'CANC-1', TipoOperazione: 'C' } },
      { prestazione: { ProtocolloDomanda: 'NEVER-SENT', TipoOperazione: 'C' } },
    ]));
    expect(flow.counts).toMatchObject({ OK: 1, DATI_NON_TROVATI: 1 });
    const records = (await hub.graphql(FLOW, { id: flow.id })).data?.flow.records.edges.map((e: { node: unknown }) => e.node);
    expect(records[0]).toMatchObject({ esito: 'OK', operation: 'C', acquisitionId: benefit?.['id'] });
    expect(records[1]).toMatchObject({ esito: 'DATI_NON_TROVATI', operation: 'C', acquisitionId: null });
    expect(records[1].description).toMatch(/nothing was cancelled/);
    expect(await hub.query('select status from benefits.benefit where id = $1', [benefit?.['id']])).toEqual([{ status: 'CANCELLED' }]);
    expect(await hub.query('select status from assessments.sina_assessment where benefit_id = $1', [benefit?.['id']])).toEqual([{ status: 'CANCELLED' }]);
  });

  it('handles an insert and its cancellation in the same batch in order', async () => {
    const flow = await submit(psFlowXml('H501.PS.20261201.0000022', [
      { taxCode: TEST_TAX_CODES[0], prestazione: { ProtocolloDomanda: 'SAME-BATCH' } },
      { taxCode: TEST_TAX_CODES[0], prestazione: { ProtocolloDomanda: 'SAME-BATCH', TipoOperazione: 'C' } },
      { taxCode: TEST_TAX_CODES[0], prestazione: { ProtocolloDomanda: 'SAME-BATCH' } },
    ]));
    expect(flow.counts).toMatchObject({ OK: 3 });
    const rows = await hub.query(`select status from benefits.benefit where application_protocol = 'SAME-BATCH' order by created_at, status`);
    expect(rows.map((r) => r['status']).sort()).toEqual(['ACTIVE', 'CANCELLED']);
  });

  it('refuses a different record under the key of a stored one', async () => {
    await submit(psFlowXml('H501.PS.20261201.0000023', [{ prestazione: { ProtocolloDomanda: 'KEYED' } }]));
    const flow = await submit(psFlowXml('H501.PS.20261201.0000024', [{ prestazione: { ProtocolloDomanda: 'KEYED', ImportoMensile: '90.00', ImportoQuotaEnte: '50.00' } }]));
    expect(flow.counts).toMatchObject({ DATI_NON_TROVATI: 1 });
    expect(await hub.query(`select monthly_amount from benefits.benefit where application_protocol = 'KEYED'`)).toEqual([{ monthly_amount: '100.00' }]);
  });
});

describe('flows refused as a whole', () => {
  const cases: Array<[string, string | Buffer, string]> = [
    ['an empty file', '', 'EMPTY'],
    ['malformed XML', '<Flusso xmlns="http://inps.it/Casellario"><IdentificazioneFlusso Nome="X"><Ente</Flusso>', 'NOT_WELL_FORMED'],
    ['a wrong namespace', psFlowXml('H501.PS.20261201.0000030', [{}]).replace('http://inps.it/Casellario', 'http://example.org/other'), 'WRONG_NAMESPACE'],
    ['a truncated file', psFlowXml('H501.PS.20261201.0000031', [{}, {}]).slice(0, 700), 'TRUNCATED'],
    ['an XML bomb', `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><Flusso xmlns="http://inps.it/Casellario">&lol3;</Flusso>`, 'DOCTYPE_FORBIDDEN'],
  ];
  it.each(cases)('refuses %s with RICHIESTA_INVALIDA and stores nothing', async (_, content, code) => {
    const before = await benefitCount();
    const flow = await submit(content);
    expect(flow).toMatchObject({ state: 'FAILED', failure: { code }, processedRecords: 0 });
    const { data } = await hub.graphql(FLOW, { id: flow.id });
    expect(data?.flow.failure.esito).toBe('RICHIESTA_INVALIDA');
    expect(data?.flow.records.totalCount).toBe(0);
    expect(await benefitCount()).toBe(before);
  });
});

describe('CSV flows', () => {
  const envelope = 'format=CSV&name=H501.PS.20261201.0000040&ente=H501&seat=H501&operator=XXXXXX80P20B501B';

  it('acquires the shipped example CSV', async () => {
    const csv = readFileSync(new URL(import.meta.resolve('@siuss/xsd/fixtures/example-ps.csv')));
    const flow = await submit(csv, envelope);
    expect(flow).toMatchObject({ state: 'DONE', kind: 'PS', format: 'CSV', name: 'H501.PS.20261201.0000040' });
    expect(flow.totalRecords).toBeGreaterThan(0);
    expect(flow.counts.OK).toBe(flow.totalRecords);
  });

  it('refuses a CSV with a wrong header, naming the columns', async () => {
    const flow = await submit('CodiceFiscale;Cognome;Colore\nRSSMRK66C14H501U;ROSSI;blu\n', envelope.replace('0000040', '0000041'));
    expect(flow).toMatchObject({ state: 'FAILED', failure: { code: 'CSV_HEADER' } });
    expect(flow.failure?.message).toMatch(/Colore/);
  });

  it('needs the envelope of a CSV upload', async () => {
    const { status, body } = await hub.upload('x', 'format=CSV&name=N');
    expect(status).toBe(400);
    expect(body['detail']).toMatch(/enteCode, enteSeatCode, operatorTaxCode/);
  });
});

describe('GraphQL submission', () => {
  it('starts the same job with submitFlow', async () => {
    const xml = psFlowXml('H501.PS.20261201.0000050', [{ prestazione: validPrestazione(50) }]);
    const { data, errors } = await hub.graphql(`mutation($input: SubmitFlowInput!) { submitFlow(input: $input) { created flow { id channel format state } } }`,
      { input: { content: Buffer.from(xml).toString('base64'), encoding: 'BASE64', format: 'XML' } });
    expect(errors).toBeUndefined();
    expect(data?.submitFlow).toMatchObject({ created: true, flow: { channel: 'FILE_UPLOAD', format: 'XML' } });
    const flow = await hub.waitForFlow(data?.submitFlow.flow.id);
    expect(flow).toMatchObject({ state: 'DONE', counts: { OK: 1 } });
  });

  it('lists an ente\'s flows newest first', async () => {
    const { data } = await hub.graphql(`{ enteFlows(enteCode: "H501", first: 3) { totalCount edges { node { name receivedAt } } pageInfo { hasNextPage } } }`);
    const names = data?.enteFlows.edges.map((e: { node: { receivedAt: string } }) => e.node.receivedAt);
    expect([...names].sort().reverse()).toEqual(names);
    expect(data?.enteFlows.totalCount).toBeGreaterThan(3);
  });

  it('answers null for an unknown flow', async () => {
    expect((await hub.graphql(`{ flow(id: "00000000-0000-4000-8000-000000000000") { id } }`)).data?.flow).toBeNull();
    expect((await fetch(`${hub.baseUrl}/flows/not-an-id`, { headers: await testAuth().bearer('ENTE_OPERATOR') })).status).toBe(404);
  });
});

describe('who may send and read flows', () => {
  const xml = (n: string) => psFlowXml(`H501.PS.20261201.00006${n}`, [{ prestazione: { ProtocolloDomanda: `ACCESS-${n}` } }]);

  it('refuses an upload without a token, or with a token that does not verify', async () => {
    const anonymous = await hub.upload(xml('01'), 'format=XML', null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body['detail']).toMatch(/no token/);
    const forged = await fetch(`${hub.baseUrl}/flows?format=XML`, { method: 'POST', body: xml('01'), headers: { authorization: 'Bearer a.b.c' } });
    expect(forged.status).toBe(401);
  });

  it('refuses an upload from a role without flows:write', async () => {
    const { status, body } = await hub.upload(xml('02'), 'format=XML', 'CASE_WORKER');
    expect(status).toBe(403);
    expect(body['detail']).toMatch(/flows:write/);
  });

  it("refuses a flow carrying another ente's records", async () => {
    const { body } = await hub.upload(xml('03'), 'format=XML', 'ENTE_OPERATOR', { ente: 'F205' });
    const flow = await hub.waitForFlow(body['id']);
    expect(flow).toMatchObject({ state: 'FAILED', failure: { code: 'ENTE_MISMATCH' } });
    const csv = await hub.upload('x', 'format=CSV&name=N1&ente=H501&seat=H501&operator=XXXXXX80P20B501B', 'ENTE_OPERATOR', { ente: 'F205' });
    expect(csv.status).toBe(403);
  });

  it('refuses a SINBA flow sent without sinba:write', async () => {
    const renamed = fixture(SINBA).toString('utf8').replace('H501.SINBA.20210520.00000004', 'H501.SINBA.20210520.00000099');
    const { body } = await hub.upload(renamed, 'format=XML', 'ENTE_OPERATOR', { scope: 'flows:write flows:read' });
    expect(await hub.waitForFlow(body['id'])).toMatchObject({ state: 'FAILED', failure: { code: 'SCOPE_MISSING' } });
  });

  it("refuses a flow to another ente's operator, and shows it to INPS", async () => {
    const flow = await submit(xml('04'));
    const milan = await testAuth().bearer('ENTE_OPERATOR', { ente: 'F205' });
    expect((await fetch(`${hub.baseUrl}/flows/${flow.id}`, { headers: milan })).status).toBe(403);
    expect((await fetch(`${hub.baseUrl}/flows/${flow.id}/records`, { headers: milan })).status).toBe(403);
    expect((await fetch(`${hub.baseUrl}/flows/${flow.id}`, { headers: await testAuth().bearer('INPS_ADMIN') })).status).toBe(200);
    const refused = await hub.graphql(FLOW, { id: flow.id }, operator('F205'));
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(refused.errors?.[0]?.message).toMatch(/sent by ente H501/);
    const listing = await hub.graphql(`{ enteFlows(enteCode: "H501") { totalCount } }`, {}, operator('F205'));
    expect(listing.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });
});
