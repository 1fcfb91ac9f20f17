import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BENEFIT_ID, OPERATOR, OTHER_BENEFIT_ID, RECORD_SINA, TAX_CODE, sinaInput, startHarness, type Harness } from './testing.ts';

const CANCEL = `mutation Cancel($input: CancelSinaAssessmentInput!) {
  cancelSinaAssessment(input: $input) { assessment { id status cancellation { operatorTaxCode channel } } }
}`;
const CORRECT = `mutation Correct($input: CorrectSinaAssessmentInput!) {
  correctSinaAssessment(input: $input) {
    previous { id status correctedBy { id } cancellation { id } }
    assessment { id status benefitId mobility }
    warnings { rule }
  }
}`;
const PERSON = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Person { taxCode sinaAssessments { id assessmentDate benefitId status ente { code name seat { istatCode } } } }
  }
}`;
const BENEFIT = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Benefit { id sinaAssessment { id benefitId assessmentInstrument } } }
}`;
const key = (benefitId = BENEFIT_ID) => ({ benefitId, enteCode: 'H501', taxCode: TAX_CODE });

describe('SINA assessments', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('records an assessment with every attribute, enums mapped to the XSD codes and back', async () => {
    const result = await harness.execute(RECORD_SINA, { input: sinaInput() });
    expect(result.errors).toBeUndefined();
    expect(result.data?.recordSinaAssessment).toMatchObject({
      created: true,
      warnings: [],
      assessment: {
        benefitId: BENEFIT_ID, assessmentDate: '2024-03-10', status: 'ACTIVE', mobility: 'MOVES_WITH_HELP', dailyLiving: 'PARTIALLY_DEPENDENT',
        cognitiveDisorders: 'MILD', behaviouralDisorders: 'ABSENT', healthCareNeed: 'MEDIUM', incomeArea: 'HELPED_BY_RELATIVES_OR_OTHERS',
        supportArea: 'NETWORK_PARTIAL_OR_TEMPORARY', assessmentSource: 'UVM', assessmentInstrument: 'SVAMA', invaliditySource: 'VERIFIED_CERTIFICATE',
        civilInvalidity: ['TOTAL_WITH_ATTENDANCE_ALLOWANCE'], neededBenefitCodes: ['A2.07', 'A1.16'],
        person: { taxCode: TAX_CODE }, ente: { code: 'H501', name: 'Comune di Roma', seatCode: 'H501' },
      },
    });
    const stored = await harness.orm.em.fork().getConnection().execute<Array<Record<string, unknown>>>(
      'select mobility, daily_living, assessment_instrument, civil_invalidity from assessments.sina_assessment', [], 'all');
    expect(stored).toEqual([{ mobility: '2', daily_living: '2', assessment_instrument: '1', civil_invalidity: ['2'] }]);
  });

  it('returns the stored record on an identical re-submission, and refuses a different one for the same benefit', async () => {
    const again = await harness.execute(RECORD_SINA, { input: sinaInput() });
    expect(again.data?.recordSinaAssessment.created).toBe(false);
    expect(await harness.count('sina_assessment')).toBe(1);
    const different = await harness.execute(RECORD_SINA, { input: sinaInput({ mobility: 'DOES_NOT_MOVE' }) });
    expect(different.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT' });
    expect(different.errors?.[0]?.message).toMatch(/correctSinaAssessment/);
  });

  it('refuses a record breaking blocking rules whole, naming every field, and writes nothing', async () => {
    const before = { sina: await harness.count('sina_assessment'), submissions: await harness.count('submission') };
    const result = await harness.execute(RECORD_SINA, {
      input: sinaInput({ benefitId: OTHER_BENEFIT_ID, taxCode: 'RSSMRK66C14H501X', neededBenefitCodes: ['A9', 'Z1.99'], ente: { code: 'H501', seatCode: 'Q999', operatorTaxCode: OPERATOR } }),
    });
    expect(result.errors?.[0]?.extensions?.['code']).toBe('VALIDATION_FAILED');
    expect(result.errors?.[0]?.extensions?.['esito']).toBe('RICHIESTA_INVALIDA');
    const violations = result.errors?.[0]?.extensions?.['violations'] as Array<{ rule: string; field: string }>;
    expect(violations.map((v) => `${v.rule} ${v.field}`)).toEqual([
      'XSD SINA/NecessitaInterventiSociali/CodicePrestazione[1]',
      'R10 Beneficiario@CodiceFiscale',
      'REF Ente@Indirizzo',
      'REF SINA/NecessitaInterventiSociali/CodicePrestazione[2]',
    ]);
    expect(JSON.stringify(result.errors)).not.toContain('RSSMRK66C14H501X');
    expect(await harness.count('sina_assessment')).toBe(before.sina);
    expect(await harness.count('submission')).toBe(before.submissions);
  });

  it('answers DATI_NON_TROVATI when only reference data is wrong', async () => {
    const result = await harness.execute(RECORD_SINA, { input: sinaInput({ benefitId: OTHER_BENEFIT_ID, neededBenefitCodes: ['A7.77'] }) });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', esito: 'DATI_NON_TROVATI' });
  });

  it('stores and returns warnings (SINA-1, SINA-2) with an accepted record', async () => {
    const result = await harness.execute(RECORD_SINA, {
      input: sinaInput({ benefitId: OTHER_BENEFIT_ID, assessmentDate: '2023-11-05', invaliditySource: null, civilInvalidity: ['PARTIAL_AT_LEAST_75', 'TOTAL_WITHOUT_ATTENDANCE_ALLOWANCE'] }),
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.recordSinaAssessment.warnings.map((w: { rule: string }) => w.rule)).toEqual(['SINA-1', 'SINA-2']);
    expect(result.data?.recordSinaAssessment.assessment.warnings.map((w: { rule: string }) => w.rule)).toEqual(['SINA-1', 'SINA-2']);
  });

  it('makes warnings blocking under SIUSS_STRICT_RULES', async () => {
    const strict = await startHarness({ strictRules: ['SINA-2'] });
    try {
      const result = await strict.execute(RECORD_SINA, { input: sinaInput({ civilInvalidity: ['PARTIAL_AT_LEAST_75', 'TOTAL_WITHOUT_ATTENDANCE_ALLOWANCE'] }) });
      expect(result.errors?.[0]?.extensions?.['violations']).toEqual([expect.objectContaining({ rule: 'SINA-2', severity: 'BLOCKING' })]);
      expect(await strict.count('sina_assessment')).toBe(0);
    } finally {
      await strict.close();
    }
  });

  it('lists a person\'s assessments newest first, and a benefit\'s active assessment', async () => {
    const person = await harness.execute(PERSON, { representations: [{ __typename: 'Person', taxCode: TAX_CODE, access: 'FULL' }] });
    expect(person.errors).toBeUndefined();
    const list = person.data?._entities[0].sinaAssessments;
    expect(list.map((a: { benefitId: string }) => a.benefitId)).toEqual([BENEFIT_ID, OTHER_BENEFIT_ID]);
    expect(list[0].ente).toEqual({ code: 'H501', name: 'Comune di Roma', seat: { istatCode: '058091' } });
    const benefit = await harness.execute(BENEFIT, { representations: [{ __typename: 'Benefit', id: BENEFIT_ID }, { __typename: 'Benefit', id: 'not-a-uuid' }] });
    expect(benefit.errors).toBeUndefined();
    expect(benefit.data?._entities).toEqual([
      { id: BENEFIT_ID, sinaAssessment: { id: list[0].id, benefitId: BENEFIT_ID, assessmentInstrument: 'SVAMA' } },
      { id: 'not-a-uuid', sinaAssessment: null },
    ]);
  });

  it('corrects an assessment in one transaction: the old one is superseded and points to the new', async () => {
    const result = await harness.execute(CORRECT, { input: { key: key(), record: sinaInput({ mobility: 'DOES_NOT_MOVE', assessmentDate: '2024-04-01' }) } });
    expect(result.errors).toBeUndefined();
    const { previous, assessment } = result.data?.correctSinaAssessment;
    expect(previous.status).toBe('SUPERSEDED');
    expect(previous.correctedBy.id).toBe(assessment.id);
    expect(previous.cancellation.id).toBeTruthy();
    expect(assessment).toMatchObject({ status: 'ACTIVE', benefitId: BENEFIT_ID, mobility: 'DOES_NOT_MOVE' });
  });

  it('refuses a correction from another ente, of a missing assessment, or onto a benefit that has one', async () => {
    const otherEnte = await harness.execute(CORRECT, { input: { key: key(), record: sinaInput({ ente: { code: 'F205', seatCode: 'F205', operatorTaxCode: OPERATOR } }) } });
    expect(otherEnte.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', violations: [expect.objectContaining({ rule: 'KEY', field: 'Ente@Codice' })] });
    const missing = await harness.execute(CORRECT, { input: { key: key('00000000-0000-4000-8000-000000000000'), record: sinaInput() } });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', esito: 'DATI_NON_TROVATI' });
    const clash = await harness.execute(CORRECT, { input: { key: key(), record: sinaInput({ benefitId: OTHER_BENEFIT_ID }) } });
    expect(clash.errors?.[0]?.extensions?.['code']).toBe('CONFLICT');
    // The failed correction rolled back: the assessment is still the active one.
    const benefit = await harness.execute(BENEFIT, { representations: [{ __typename: 'Benefit', id: BENEFIT_ID }] });
    expect(benefit.data?._entities[0].sinaAssessment).toMatchObject({ benefitId: BENEFIT_ID });
  });

  it('cancels an assessment, matched by benefit, ente and person', async () => {
    const wrongPerson = await harness.execute(CANCEL, { input: { key: { ...key(), taxCode: 'BNCGLI75S42F205Y' }, operatorTaxCode: OPERATOR } });
    expect(wrongPerson.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    const badKey = await harness.execute(CANCEL, { input: { key: { ...key(), benefitId: 'x' }, operatorTaxCode: 'ABC' } });
    expect((badKey.errors?.[0]?.extensions?.['violations'] as Array<{ rule: string }>).map((v) => v.rule)).toEqual(['KEY', 'R10']);
    const result = await harness.execute(CANCEL, { input: { key: key(), operatorTaxCode: OPERATOR } });
    expect(result.errors).toBeUndefined();
    expect(result.data?.cancelSinaAssessment.assessment).toMatchObject({ status: 'CANCELLED', cancellation: { operatorTaxCode: OPERATOR, channel: 'SINGLE_RECORD' } });
    const again = await harness.execute(CANCEL, { input: { key: key(), operatorTaxCode: OPERATOR } });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', esito: 'DATI_NON_TROVATI' });
    const benefit = await harness.execute(BENEFIT, { representations: [{ __typename: 'Benefit', id: BENEFIT_ID }] });
    expect(benefit.data?._entities[0].sinaAssessment).toBeNull();
    const history = await harness.execute(PERSON.replace('sinaAssessments {', 'sinaAssessments(status: [ACTIVE, CANCELLED, SUPERSEDED]) {'), {
      representations: [{ __typename: 'Person', taxCode: TAX_CODE, access: 'FULL' }],
    });
    expect(history.data?._entities[0].sinaAssessments.map((a: { status: string }) => a.status).sort()).toEqual(['ACTIVE', 'CANCELLED', 'SUPERSEDED']);
  });

  it('reads one assessment by id, and null for an unknown or malformed id', async () => {
    const listed = await harness.execute(PERSON, { representations: [{ __typename: 'Person', taxCode: TAX_CODE, access: 'FULL' }] });
    const id = listed.data?._entities[0].sinaAssessments[0].id;
    const one = await harness.execute(`query($id: ID!) { sinaAssessment(id: $id) { id benefit { id } person { taxCode } } }`, { id });
    expect(one.data?.sinaAssessment).toEqual({ id, benefit: { id: OTHER_BENEFIT_ID }, person: { taxCode: TAX_CODE } });
    for (const other of ['00000000-0000-4000-8000-000000000000', 'nope']) {
      const none = await harness.execute(`query($id: ID!) { sinaAssessment(id: $id) { id } }`, { id: other });
      expect(none.errors).toBeUndefined();
      expect(none.data?.sinaAssessment).toBeNull();
    }
  });
});
