import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { anonymousViewer, trustedViewer } from '@siuss/service/viewer';
import { roleViewer } from '@siuss/testing/auth';
import { OPERATOR, RECORD_SINBA, SINBA_FIELDS, sinbaInput, startHarness, type Harness } from './testing.ts';

// Ente operators as their verified tokens make them: ente claim, scopes sinba:read and sinba:write.
const H501 = roleViewer('ENTE_OPERATOR', { ente: 'H501' });
const F205 = roleViewer('ENTE_OPERATOR', { ente: 'F205' });
const NO_ENTE = trustedViewer({ scopes: ['sinba:read', 'sinba:write'] });

const CASE = `query($ente: String!, $code: String!, $year: Int) { sinbaCase(enteCode: $ente, beneficiaryCode: $code, reportingYear: $year) { ${SINBA_FIELDS} } }`;
const CASES = `query($ente: String!, $filter: SinbaCaseFilter, $first: Int, $after: String) {
  sinbaCases(enteCode: $ente, filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { beneficiaryCode reportingYear status } }
  }
}`;
const CORRECT = `mutation($input: CorrectSinbaCaseInput!) {
  correctSinbaCase(input: $input) { previous { id recordStatus correctedBy { id } } sinbaCase { ${SINBA_FIELDS} } warnings { rule } }
}`;
const CLOSE = `mutation($input: CloseSinbaCaseInput!) {
  closeSinbaCase(input: $input) { previous { id recordStatus } sinbaCase { ${SINBA_FIELDS} submission { channel flowName } } warnings { rule } }
}`;
const KEY = { enteCode: 'H501', beneficiaryCode: 'H501123456', reportingYear: 2024 };

describe('SINBA cases', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('records a case for the viewer\'s ente with every attribute', async () => {
    const result = await harness.execute(RECORD_SINBA, {
      input: sinbaInput({ disability: 'YES', disabilityType: 'SENSORY', disabilityCertification: 'L104', judicialAuthorityNotified: 'YES', judicialReportMonth: '11/2023' }),
    }, H501);
    expect(result.errors).toBeUndefined();
    expect(result.data?.recordSinbaCase).toMatchObject({
      created: true,
      warnings: [],
      sinbaCase: {
        enteCode: 'H501', beneficiaryCode: 'H501123456', reportingYear: 2024, status: 'OPEN', recordStatus: 'ACTIVE', livingPlace: 'OWN_FAMILY',
        disability: 'YES', disabilityType: 'SENSORY', ageBand: 'AGE_9_12', birthYear: 2014, judicialAuthorityNotified: 'YES', judicialReportMonth: '11/2023',
        closingReason: null, benefitCodes: ['A2.02'], familyComposition: ['MOTHER', 'SIBLINGS'],
      },
    });
    const again = await harness.execute(RECORD_SINBA, {
      input: sinbaInput({ disability: 'YES', disabilityType: 'SENSORY', disabilityCertification: 'L104', judicialAuthorityNotified: 'YES', judicialReportMonth: '11/2023' }),
    }, H501);
    expect(again.data?.recordSinbaCase.created).toBe(false);
    const different = await harness.execute(RECORD_SINBA, { input: sinbaInput() }, H501);
    expect(different.errors?.[0]?.extensions?.['code']).toBe('CONFLICT');
    expect(await harness.count('sinba_case')).toBe(1);
  });

  it('refuses writes for another ente, or without an ente, before validating anything', async () => {
    for (const viewer of [F205, NO_ENTE, anonymousViewer()]) {
      const result = await harness.execute(RECORD_SINBA, { input: sinbaInput({ beneficiaryCode: 'H501999999' }) }, viewer);
      expect(result.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
      expect(result.errors?.[0]?.extensions?.['missing']).toMatch(/viewer\.enteCode/);
    }
    const noEnte = await harness.execute(RECORD_SINBA, { input: sinbaInput() }, anonymousViewer());
    expect(noEnte.errors?.[0]?.message).toMatch(/no verified ente/);
    const other = await harness.execute(RECORD_SINBA, { input: sinbaInput() }, F205);
    expect(other.errors?.[0]?.message).toMatch(/acts for ente F205/);
    expect(await harness.count('sinba_case')).toBe(1);
  });

  it('gives a precise error for every wrong field, and writes nothing', async () => {
    const submissions = await harness.count('submission');
    const result = await harness.execute(RECORD_SINBA, {
      input: sinbaInput({
        beneficiaryCode: 'H501RSSMRA80C15H501M', disability: 'YES', judicialMeasure: 'YES', firstReferralMonth: '2023-09',
        benefitCodes: [], residenceRegionCode: null, iseeHouseholdSize: 0,
      }),
    }, H501);
    expect(result.errors?.[0]?.extensions?.['code']).toBe('VALIDATION_FAILED');
    const violations = result.errors?.[0]?.extensions?.['violations'] as Array<{ rule: string; field: string; message: string }>;
    expect(violations.map((v) => `${v.rule} ${v.field}`)).toEqual([
      'XSD SINBA/Prestazioni/CodicePrestazione',
      'XSD SINBA@DataPrimaSegnalazione',
      'SINBA-PSEUDONYM SINBA@IDBeneficiario',
      'SINBA-R1 SINBA@TipoDisabilita',
      'SINBA-R1 SINBA@InvCivCertificazioni',
      'SINBA-R3 SINBA@DataProvvedimentoGiudiziario',
      'SINBA-R9 SINBA@NumeroComponentiISEE',
    ]);
    expect(JSON.stringify(result.errors)).not.toContain('RSSMRA80C15H501M');
    expect(await harness.count('sinba_case')).toBe(1);
    expect(await harness.count('submission')).toBe(submissions);
  });

  it('refuses a pseudonym that embeds a codice fiscale', async () => {
    const result = await harness.execute(RECORD_SINBA, { input: sinbaInput({ beneficiaryCode: 'X1RSSMRA80C15H501M' }) }, H501);
    expect(result.errors?.[0]?.extensions?.['violations']).toEqual([expect.objectContaining({ rule: 'SINBA-PSEUDONYM', field: 'SINBA@IDBeneficiario', severity: 'BLOCKING' })]);
  });

  it('reads a case by its pseudonym only for the ente that created it', async () => {
    const own = await harness.execute(CASE, { ente: 'H501', code: 'H501123456', year: 2024 }, H501);
    expect(own.data?.sinbaCase).toMatchObject({ beneficiaryCode: 'H501123456', reportingYear: 2024 });
    const latest = await harness.execute(CASE, { ente: 'H501', code: 'H501123456' }, H501);
    expect(latest.data?.sinbaCase.reportingYear).toBe(2024);
    const unknown = await harness.execute(CASE, { ente: 'H501', code: 'H501000000' }, H501);
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data?.sinbaCase).toBeNull();
    for (const viewer of [F205, NO_ENTE, anonymousViewer()]) {
      const refused = await harness.execute(CASE, { ente: 'H501', code: 'H501123456' }, viewer);
      expect(refused.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
      expect(refused.data?.sinbaCase ?? null).toBeNull();
      // Another ente asking for its own ente code does not see H501's case either.
      const asOwn = await harness.execute(CASE, { ente: 'F205', code: 'H501123456' }, F205);
      expect(asOwn.data?.sinbaCase).toBeNull();
    }
  });

  it('lists only the viewer\'s own cases, newest year first, with keyset pages', async () => {
    for (const [code, year] of [['H501000001', 2023], ['H501000002', 2024], ['H501000003', 2024]] as const) {
      const birthYear = year - 10;
      const recorded = await harness.execute(RECORD_SINBA, { input: sinbaInput({ beneficiaryCode: code, reportingYear: year, birthYear }) }, H501);
      expect(recorded.errors).toBeUndefined();
    }
    const other = await harness.execute(RECORD_SINBA, { input: sinbaInput({ ente: { code: 'F205', seatCode: 'F205', operatorTaxCode: OPERATOR }, beneficiaryCode: 'F205000001' }) }, F205);
    expect(other.errors).toBeUndefined();

    const first = await harness.execute(CASES, { ente: 'H501', first: 2 }, H501);
    expect(first.errors).toBeUndefined();
    expect(first.data?.sinbaCases.totalCount).toBe(4);
    expect(first.data?.sinbaCases.edges.map((e: any) => `${e.node.reportingYear} ${e.node.beneficiaryCode}`)).toEqual(['2024 H501000002', '2024 H501000003']);
    expect(first.data?.sinbaCases.pageInfo.hasNextPage).toBe(true);
    const second = await harness.execute(CASES, { ente: 'H501', first: 2, after: first.data?.sinbaCases.pageInfo.endCursor }, H501);
    expect(second.data?.sinbaCases.edges.map((e: any) => `${e.node.reportingYear} ${e.node.beneficiaryCode}`)).toEqual(['2024 H501123456', '2023 H501000001']);
    expect(second.data?.sinbaCases.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const past = await harness.execute(CASES, { ente: 'H501', first: 2, after: second.data?.sinbaCases.pageInfo.endCursor }, H501);
    expect(past.data?.sinbaCases).toMatchObject({ totalCount: 4, edges: [] });
    const year = await harness.execute(CASES, { ente: 'H501', filter: { reportingYear: 2023 } }, H501);
    expect(year.data?.sinbaCases.edges.map((e: any) => e.node.beneficiaryCode)).toEqual(['H501000001']);

    const otherEnte = await harness.execute(CASES, { ente: 'F205' }, F205);
    expect(otherEnte.data?.sinbaCases.edges.map((e: any) => e.node.beneficiaryCode)).toEqual(['F205000001']);
    const refused = await harness.execute(CASES, { ente: 'H501' }, F205);
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const badCursor = await harness.execute(CASES, { ente: 'H501', after: 'xyz' }, H501);
    expect(badCursor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    const tooMany = await harness.execute(CASES, { ente: 'H501', first: 1000 }, H501);
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
  });

  it('corrects a case, keeping the previous version superseded', async () => {
    const refused = await harness.execute(CORRECT, { input: { key: KEY, record: sinbaInput({ livingPlace: 'WITH_RELATIVES' }) } }, F205);
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const result = await harness.execute(CORRECT, { input: { key: KEY, record: sinbaInput({ livingPlace: 'WITH_RELATIVES' }) } }, H501);
    expect(result.errors).toBeUndefined();
    const { previous, sinbaCase } = result.data?.correctSinbaCase;
    expect(previous).toMatchObject({ recordStatus: 'SUPERSEDED', correctedBy: { id: sinbaCase.id } });
    expect(sinbaCase).toMatchObject({ livingPlace: 'WITH_RELATIVES', recordStatus: 'ACTIVE', disability: 'NO' });
    const read = await harness.execute(CASE, { ente: 'H501', code: 'H501123456', year: 2024 }, H501);
    expect(read.data?.sinbaCase.id).toBe(sinbaCase.id);
    const missing = await harness.execute(CORRECT, { input: { key: { ...KEY, beneficiaryCode: 'H501000404' }, record: sinbaInput() } }, H501);
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', esito: 'DATI_NON_TROVATI' });
    const clash = await harness.execute(CORRECT, { input: { key: KEY, record: sinbaInput({ beneficiaryCode: 'H501000002' }) } }, H501);
    expect(clash.errors?.[0]?.extensions?.['code']).toBe('CONFLICT');
    const invalid = await harness.execute(CORRECT, { input: { key: KEY, record: sinbaInput({ judicialMeasure: 'YES' }) } }, H501);
    expect(invalid.errors?.[0]?.extensions?.['violations']).toEqual([expect.objectContaining({ rule: 'SINBA-R3' })]);
    const after = await harness.execute(CASE, { ente: 'H501', code: 'H501123456', year: 2024 }, H501);
    expect(after.data?.sinbaCase.id).toBe(sinbaCase.id);
  });

  it('closes a case with a reason and a situation; closing again the same way changes nothing', async () => {
    const input = { key: KEY, closingReason: 'NEED_RESOLVED', closingSituation: 'FAMILY_OF_ORIGIN', operatorTaxCode: OPERATOR, flowName: 'H501.SINBA.20250110.00000001' };
    const refused = await harness.execute(CLOSE, { input }, anonymousViewer());
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const result = await harness.execute(CLOSE, { input }, H501);
    expect(result.errors).toBeUndefined();
    expect(result.data?.closeSinbaCase.previous.recordStatus).toBe('SUPERSEDED');
    expect(result.data?.closeSinbaCase.sinbaCase).toMatchObject({
      status: 'CLOSED', closingReason: 'NEED_RESOLVED', closingSituation: 'FAMILY_OF_ORIGIN', livingPlace: 'WITH_RELATIVES',
      submission: { channel: 'SINGLE_RECORD', flowName: 'H501.SINBA.20250110.00000001' },
    });
    const again = await harness.execute(CLOSE, { input }, H501);
    expect(again.data?.closeSinbaCase.previous).toBeNull();
    expect(again.data?.closeSinbaCase.sinbaCase.id).toBe(result.data?.closeSinbaCase.sinbaCase.id);
    const otherwise = await harness.execute(CLOSE, { input: { ...input, closingReason: 'DEATH' } }, H501);
    expect(otherwise.errors?.[0]?.extensions?.['code']).toBe('CONFLICT');
    const badOperator = await harness.execute(CLOSE, { input: { ...input, key: { ...KEY, beneficiaryCode: 'H501000001', reportingYear: 2023 }, operatorTaxCode: 'RSSMRA80C15H501X' } }, H501);
    expect(badOperator.errors?.[0]?.extensions?.['violations']).toEqual([expect.objectContaining({ rule: 'R10', field: 'Ente@CFOperatore' })]);
    const closed = await harness.execute(CASES, { ente: 'H501', filter: { status: 'CLOSED' } }, H501);
    expect(closed.data?.sinbaCases.edges.map((e: any) => e.node.beneficiaryCode)).toEqual(['H501123456']);
    const open = await harness.execute(CASES, { ente: 'H501', filter: { status: 'OPEN' } }, H501);
    expect(open.data?.sinbaCases.totalCount).toBe(3);
  });
});
