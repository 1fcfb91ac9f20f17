import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RECORD, recordInput, startHarness, type Harness } from './testing.ts';

const CANCEL = `mutation Cancel($input: CancelBenefitInput!) {
  cancelBenefit(input: $input) { benefit { id status cancellation { channel operatorTaxCode } } }
}`;
const CORRECT = `mutation Correct($input: CorrectBenefitInput!) {
  correctBenefit(input: $input) {
    previous { id status correctedBy { id } }
    benefit { id status monthlyAmount }
    warnings { rule }
  }
}`;

async function count(harness: Harness, table: string, where = 'true'): Promise<number> {
  const rows = await harness.orm.em.getConnection().execute(`select count(*)::int as n from benefits.${table} where ${where}`);
  return Number(rows[0]?.n);
}

describe('benefit mutations', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('records a benefit and returns it with its person', async () => {
    const result = await harness.execute(RECORD, { input: recordInput({ benefit: { applicationProtocol: 'REC-1' } }) });
    expect(result.errors).toBeUndefined();
    expect(result.data?.recordBenefit).toMatchObject({
      created: true,
      warnings: [],
      benefit: { code: 'A1.16', status: 'ACTIVE', startDate: '2024-01-10', monthlyAmount: '100.00', person: { taxCode: 'RSSMRK66C14H501U' } },
    });
  });

  it('records a benefit for an 11-digit legal-person code with the trailing spaces the XSD allows, found by the normalised code', async () => {
    const result = await harness.execute(RECORD, { input: recordInput({ taxCode: '01114601006   ', benefit: { applicationProtocol: 'LEGAL-1' } }) });
    expect(result.errors).toBeUndefined();
    expect(result.data?.recordBenefit.benefit.person).toEqual({ taxCode: '01114601006' });
    const found = await harness.execute(`{ person(taxCode: "01114601006") { taxCode benefits { totalCount } } }`);
    expect(found.errors).toBeUndefined();
    expect(found.data?.person).toEqual({ taxCode: '01114601006', benefits: { totalCount: 1 } });
  });

  it('does not duplicate a re-submitted record', async () => {
    const input = recordInput({ benefit: { applicationProtocol: 'IDEM-1', monthlyAmount: '100', enteQuota: '60', userQuota: '40.0' } });
    const first = await harness.execute(RECORD, { input });
    const second = await harness.execute(RECORD, { input: { ...input, ente: { ...input.ente, operatorTaxCode: 'RSSMRK66C14H501U' } } });
    expect(first.data?.recordBenefit.created).toBe(true);
    expect(second.errors).toBeUndefined();
    expect(second.data?.recordBenefit).toMatchObject({ created: false, benefit: { id: first.data?.recordBenefit.benefit.id } });
    expect(await count(harness, 'benefit', `application_protocol = 'IDEM-1'`)).toBe(1);
  });

  it('refuses a different record under the same key with CONFLICT', async () => {
    await harness.execute(RECORD, { input: recordInput({ benefit: { applicationProtocol: 'CONF-1' } }) });
    const result = await harness.execute(RECORD, { input: recordInput({ benefit: { applicationProtocol: 'CONF-1', monthlyAmount: '120.00', enteQuota: '80.00' } }) });
    expect(result.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(result.errors?.[0]?.message).toMatch(/correctBenefit/);
    expect(await count(harness, 'benefit', `application_protocol = 'CONF-1'`)).toBe(1);
  });

  it('writes nothing when a blocking rule fails, and names every violation', async () => {
    const before = await count(harness, 'benefit');
    const beneficiariesBefore = await count(harness, 'beneficiary');
    const input = recordInput({ taxCode: 'BNCGLI75S42F205X', benefit: { applicationProtocol: 'BAD-1', monthlyAmount: null, userArea: null } });
    const result = await harness.execute(RECORD, { input });
    const error = result.errors?.[0];
    expect(error?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(error?.extensions?.esito).toBe('RICHIESTA_INVALIDA');
    const rules = (error?.extensions?.violations as Array<{ rule: string; field: string }>).map((v) => `${v.rule} ${v.field}`);
    expect(rules).toEqual(expect.arrayContaining(['R3 PrestazioniSociali@ImportoMensile', 'R8 PrestazioniSociali@AreaUtenza', 'R10 Beneficiario@CodiceFiscale']));
    expect(await count(harness, 'benefit')).toBe(before);
    expect(await count(harness, 'beneficiary')).toBe(beneficiariesBefore);
  });

  it('rejects an unknown benefit code or Comune as reference data errors', async () => {
    const input = recordInput({ benefit: { applicationProtocol: 'REF-1', code: 'A9.99' } });
    input.beneficiary.residences = [{ nationCode: '380', regionCode: '12', comuneCode: '999999' }];
    const result = await harness.execute(RECORD, { input });
    const error = result.errors?.[0];
    expect(error?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(error?.extensions?.esito).toBe('DATI_NON_TROVATI');
    const fields = (error?.extensions?.violations as Array<{ rule: string; field: string }>).map((v) => `${v.rule} ${v.field}`);
    expect(fields).toEqual(expect.arrayContaining(['REF PrestazioniSociali@CodicePrestazione', 'REF Indirizzo[1]@CodiceComune']));
  });

  it('stores warning rules with the record and returns them to the sender', async () => {
    const input = recordInput({ benefit: { applicationProtocol: 'WARN-1', endDate: '2025-02-01', enteQuota: '10.00', userQuota: '0.00' } });
    const result = await harness.execute(RECORD, { input });
    expect(result.errors).toBeUndefined();
    const rules = (result.data?.recordBenefit.warnings as Array<{ rule: string; severity: string }>).map((w) => w.rule).sort();
    expect(rules).toEqual(['R5', 'R7']);
    expect(result.data?.recordBenefit.benefit.warnings.map((w: { rule: string }) => w.rule).sort()).toEqual(['R5', 'R7']);
  });

  it('cancels a stored record by its key, keeping it as history', async () => {
    await harness.execute(RECORD, { input: recordInput({ benefit: { applicationProtocol: 'DEL-1' } }) });
    const key = { enteCode: 'H501', taxCode: 'RSSMRK66C14H501U', code: 'A1.16', applicationProtocol: 'DEL-1', startDate: '2024-01-10' };
    const result = await harness.execute(CANCEL, { input: { key, operatorTaxCode: 'XXXXXX80P20B501B' } });
    expect(result.errors).toBeUndefined();
    expect(result.data?.cancelBenefit.benefit).toMatchObject({ status: 'CANCELLED', cancellation: { channel: 'SINGLE_RECORD', operatorTaxCode: 'XXXXXX80P20B501B' } });
    expect(await count(harness, 'benefit', `application_protocol = 'DEL-1'`)).toBe(1);

    const again = await harness.execute(CANCEL, { input: { key, operatorTaxCode: 'XXXXXX80P20B501B' } });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', esito: 'DATI_NON_TROVATI' });
  });

  it('answers NOT_FOUND (DATI_NON_TROVATI) when cancelling nothing', async () => {
    const key = { enteCode: 'H501', taxCode: 'RSSMRK66C14H501U', code: 'A1.16', applicationProtocol: 'NEVER-SENT', startDate: '2024-01-10' };
    const result = await harness.execute(CANCEL, { input: { key, operatorTaxCode: 'XXXXXX80P20B501B' } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', esito: 'DATI_NON_TROVATI' });
    expect(result.data).toBeNull();
  });

  it('refuses a cancellation key without a date', async () => {
    const key = { enteCode: 'H501', taxCode: 'RSSMRK66C14H501U', code: 'A1.16', applicationProtocol: 'X' };
    const result = await harness.execute(CANCEL, { input: { key, operatorTaxCode: 'XXXXXX80P20B501B' } });
    expect(result.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
  });

  it('corrects a record: the old one is superseded and points to the new one', async () => {
    await harness.execute(RECORD, { input: recordInput({ benefit: { applicationProtocol: 'FIX-1' } }) });
    const key = { enteCode: 'H501', taxCode: 'RSSMRK66C14H501U', code: 'A1.16', applicationProtocol: 'FIX-1', startDate: '2024-01-10' };
    const record = recordInput({ benefit: { applicationProtocol: 'FIX-1', monthlyAmount: '150.00', enteQuota: '110.00' } });
    const result = await harness.execute(CORRECT, { input: { key, record } });
    expect(result.errors).toBeUndefined();
    const { previous, benefit } = result.data?.correctBenefit;
    expect(previous).toMatchObject({ status: 'SUPERSEDED', correctedBy: { id: benefit.id } });
    expect(benefit).toMatchObject({ status: 'ACTIVE', monthlyAmount: '150.00' });
    expect(await count(harness, 'benefit', `application_protocol = 'FIX-1' and status = 'ACTIVE'`)).toBe(1);
  });

  it('leaves the stored record untouched when the correction is invalid', async () => {
    await harness.execute(RECORD, { input: recordInput({ benefit: { applicationProtocol: 'FIX-2' } }) });
    const key = { enteCode: 'H501', taxCode: 'RSSMRK66C14H501U', code: 'A1.16', applicationProtocol: 'FIX-2', startDate: '2024-01-10' };
    const record = recordInput({ benefit: { applicationProtocol: 'FIX-2', monthlyAmount: '-5.00' } });
    const result = await harness.execute(CORRECT, { input: { key, record } });
    expect(result.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(await count(harness, 'benefit', `application_protocol = 'FIX-2' and status = 'ACTIVE'`)).toBe(1);
    expect(await count(harness, 'benefit', `application_protocol = 'FIX-2'`)).toBe(1);
  });

  it('rolls back the cancellation half of a correction whose new key is taken', async () => {
    await harness.execute(RECORD, { input: recordInput({ benefit: { applicationProtocol: 'FIX-3' } }) });
    await harness.execute(RECORD, { input: recordInput({ benefit: { applicationProtocol: 'FIX-4' } }) });
    const key = { enteCode: 'H501', taxCode: 'RSSMRK66C14H501U', code: 'A1.16', applicationProtocol: 'FIX-3', startDate: '2024-01-10' };
    const record = recordInput({ benefit: { applicationProtocol: 'FIX-4', monthlyAmount: '150.00', enteQuota: '110.00' } });
    const result = await harness.execute(CORRECT, { input: { key, record } });
    expect(result.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await count(harness, 'benefit', `application_protocol in ('FIX-3', 'FIX-4') and status = 'ACTIVE'`)).toBe(2);
  });
});

describe('strict rules by configuration', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ strictRules: ['R7'] });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('makes a default warning blocking', async () => {
    const input = recordInput({ benefit: { applicationProtocol: 'STRICT-1', enteQuota: '10.00', userQuota: '0.00' } });
    const result = await harness.execute(RECORD, { input });
    expect(result.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(result.errors?.[0]?.extensions?.violations).toEqual([expect.objectContaining({ rule: 'R7', severity: 'BLOCKING' })]);
  });
});
