import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { psFlowXml, startFlowsHarness, type FlowsHarness, type TestPs } from './testing.ts';

// One flow whose every record breaks one rule: each gets its own outcome naming the field and the
// rule, the valid ones beside them are stored, and strict rules (SIUSS_STRICT_RULES) block.

interface Case {
  name: string;
  record: TestPs;
  esito: 'OK' | 'RICHIESTA_INVALIDA' | 'DATI_NON_TROVATI';
  rule: string;
  field: string;
  severity?: 'BLOCKING' | 'WARNING';
}

const p = (n: number, values: Record<string, string | undefined>): TestPs => ({ prestazione: { ProtocolloDomanda: `RULE-${n}`, ...values } });

const CASES: Case[] = [
  { name: 'XSD enumeration', record: p(1, { PresenzaProvaMezzi: '7' }), esito: 'RICHIESTA_INVALIDA', rule: 'XSD', field: 'PrestazioniSociali@PresenzaProvaMezzi' },
  { name: 'XSD decimal', record: p(2, { ImportoMensile: 'cento' }), esito: 'RICHIESTA_INVALIDA', rule: 'XSD', field: 'PrestazioniSociali@ImportoMensile' },
  { name: 'XSD length', record: p(3, { DenominazionePrestazione: 'Breve' }), esito: 'RICHIESTA_INVALIDA', rule: 'XSD', field: 'PrestazioniSociali@DenominazionePrestazione' },
  { name: 'XSD unknown attribute', record: p(4, { Colore: 'blu' }), esito: 'RICHIESTA_INVALIDA', rule: 'XSD', field: 'PrestazioniSociali@Colore' },
  { name: 'XSD date', record: p(5, { DataInizioPrestazione: '2024-02-30', DataFinePrestazione: undefined }), esito: 'RICHIESTA_INVALIDA', rule: 'XSD', field: 'PrestazioniSociali@DataInizioPrestazione' },
  { name: 'R1 Italian address without Comune', record: { ...p(6, {}), indirizzi: [{ CodiceRegione: '12', CodiceNazione: '380' }] }, esito: 'RICHIESTA_INVALIDA', rule: 'R1', field: 'Indirizzo[1]@CodiceComune' },
  { name: 'R2 incomplete DSU', record: p(7, { NumeroProtocolloDSU: 'INPS-ISEE-2024-01480722D-00' }), esito: 'RICHIESTA_INVALIDA', rule: 'R2', field: 'PrestazioniSociali@AnnoProtocolloDSU' },
  { name: 'R3 periodic without monthly amount', record: p(8, { ImportoMensile: undefined, ImportoQuotaEnte: undefined, ImportoQuotaUtente: undefined }), esito: 'RICHIESTA_INVALIDA', rule: 'R3', field: 'PrestazioniSociali@ImportoMensile' },
  { name: 'R4 one-off without payment date', record: p(9, { CaratterePrestazione: '2', ImportoPrestazione: '100.00', ImportoMensile: undefined, DataFinePrestazione: undefined }), esito: 'RICHIESTA_INVALIDA', rule: 'R4', field: 'PrestazioniSociali@DataErogazionePrestazione' },
  { name: 'R5 end in another year (warning)', record: p(10, { DataFinePrestazione: '2025-01-31' }), esito: 'OK', rule: 'R5', field: 'PrestazioniSociali@DataFinePrestazione', severity: 'WARNING' },
  { name: 'R6 amount not positive', record: p(11, { ImportoMensile: '0.00', ImportoQuotaEnte: undefined, ImportoQuotaUtente: undefined }), esito: 'RICHIESTA_INVALIDA', rule: 'R6', field: 'PrestazioniSociali@ImportoMensile' },
  { name: 'R6-quota zero SSN quota (warning)', record: p(12, { ImportoQuotaSSN: '0.00' }), esito: 'OK', rule: 'R6-quota', field: 'PrestazioniSociali@ImportoQuotaSSN', severity: 'WARNING' },
  { name: 'R7 quotas not adding up (warning)', record: p(13, { ImportoQuotaUtente: '30.00' }), esito: 'OK', rule: 'R7', field: 'PrestazioniSociali@ImportoMensile', severity: 'WARNING' },
  { name: 'R8 taken in charge without user area', record: p(14, { AreaUtenza: undefined }), esito: 'RICHIESTA_INVALIDA', rule: 'R8', field: 'PrestazioniSociali@AreaUtenza' },
  { name: 'R9 no CaratterePrestazione', record: p(15, { CaratterePrestazione: undefined }), esito: 'RICHIESTA_INVALIDA', rule: 'R9', field: 'PrestazioniSociali@CaratterePrestazione' },
  { name: 'R10 wrong check character', record: { ...p(16, {}), taxCode: 'RSSMRK66C14H501A' }, esito: 'RICHIESTA_INVALIDA', rule: 'R10', field: 'Beneficiario@CodiceFiscale' },
  { name: 'REF unknown benefit code', record: p(17, { CodicePrestazione: 'X9.99' }), esito: 'DATI_NON_TROVATI', rule: 'REF', field: 'PrestazioniSociali@CodicePrestazione' },
  { name: 'REF unknown Comune', record: { ...p(18, {}), indirizzi: [{ CodiceRegione: '12', CodiceComune: '999999', CodiceNazione: '380' }] }, esito: 'DATI_NON_TROVATI', rule: 'REF', field: 'Indirizzo[1]@CodiceComune' },
  { name: 'SINA XSD enumeration', record: { ...p(19, {}), sina: { Mobilita: '9' } }, esito: 'RICHIESTA_INVALIDA', rule: 'XSD', field: 'SINA@Mobilita' },
  { name: 'XSD six addresses', record: { ...p(20, {}), indirizzi: Array.from({ length: 6 }, () => ({ CodiceRegione: '12', CodiceComune: '058091', CodiceNazione: '380' })) }, esito: 'RICHIESTA_INVALIDA', rule: 'XSD', field: 'Beneficiario/Indirizzo' },
  { name: 'valid record', record: p(21, {}), esito: 'OK', rule: '', field: '' },
];

const RECORDS = `query($id: ID!) { flow(id: $id) { state counts { ok } records(first: 100) { edges { node { index esito description violations { rule field severity message } } } } } }`;

async function run(hub: FlowsHarness, name: string, records: TestPs[]) {
  const { body } = await hub.upload(psFlowXml(name, records), 'format=XML');
  await hub.waitForFlow(body['id'] as string);
  const { data } = await hub.graphql(RECORDS, { id: body['id'] });
  return data?.flow.records.edges.map((e: { node: unknown }) => e.node) as Array<{ index: number; esito: string; description: string; violations: Array<{ rule: string; field: string; severity: string; message: string }> }>;
}

describe('every rule on a record of a flow', () => {
  let hub: FlowsHarness;
  let outcomes: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    hub = await startFlowsHarness({ SIUSS_FLOWS_BATCH_SIZE: '7' });
    outcomes = await run(hub, 'H501.PS.20261201.0000100', CASES.map((c) => c.record));
  });
  afterAll(async () => hub?.close());

  it.each(CASES.map((c, i) => [c.name, i] as const))('%s', (_, i) => {
    const expected = CASES[i] as Case;
    const outcome = outcomes[i];
    expect(outcome?.esito).toBe(expected.esito);
    if (!expected.rule) {
      expect(outcome?.violations).toEqual([]);
      return;
    }
    expect(outcome?.violations).toEqual(expect.arrayContaining([expect.objectContaining({ rule: expected.rule, field: expected.field, severity: expected.severity ?? 'BLOCKING' })]));
    if (expected.esito !== 'OK') expect(outcome?.description).toContain(expected.field);
  });

  it('stores exactly the accepted records', async () => {
    const stored = await hub.query(`select application_protocol from benefits.benefit where application_protocol like 'RULE-%' order by 1`);
    const accepted = CASES.map((c, i) => [c, i] as const).filter(([c]) => c.esito === 'OK').map(([, i]) => `RULE-${i + 1}`).sort();
    expect(stored.map((r) => r['application_protocol'])).toEqual(accepted);
  });

  it('never quotes a codice fiscale or a name in a description', () => {
    for (const outcome of outcomes) {
      expect(outcome.description).not.toMatch(/RSSMRK66C14H501|ROSSI|MIRKO/);
      for (const v of outcome.violations) expect(v.message).not.toMatch(/RSSMRK66C14H501|ROSSI|MIRKO/);
    }
  });
});

describe('strict rules', () => {
  let hub: FlowsHarness;
  beforeAll(async () => {
    hub = await startFlowsHarness({ SIUSS_STRICT_RULES: 'R5,R7' });
  });
  afterAll(async () => hub?.close());

  it('block what only warns by default', async () => {
    const outcomes = await run(hub, 'H501.PS.20261201.0000101', [p(1, { DataFinePrestazione: '2025-01-31' }), p(2, { ImportoQuotaUtente: '30.00' }), p(3, { ImportoQuotaSSN: '0.00' })]);
    expect(outcomes.map((o) => [o.esito, o.violations[0]?.rule])).toEqual([['RICHIESTA_INVALIDA', 'R5'], ['RICHIESTA_INVALIDA', 'R7'], ['OK', 'R6-quota']]);
  });
});
