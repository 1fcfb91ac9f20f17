import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { entryCursor } from '@siuss/audit/testing';
import { verifyAuditChain } from '@siuss/audit/verify';
import { trustedViewer } from '@siuss/service/viewer';
import { BENEFIT_ID, OPERATOR, RECORD_SINA, RECORD_SINBA, TAX_CODE, sinaInput, sinbaInput, startHarness, type Harness } from './testing.ts';

const OTHER = 'BNCGLI75S42F205Y';
const H501 = trustedViewer({ enteCode: 'H501', operatorTaxCode: OPERATOR, roles: ['ENTE_OPERATOR'], scopes: ['sinba:read', 'sinba:write'], purpose: 'valutazione multidimensionale' });

describe('audit of the assessments subgraph', () => {
  let harness: Harness;
  /** The entries written since the last call. */
  const audit = entryCursor((afterId) => harness.auditEntries(afterId));
  const newEntries = () => audit.next();

  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('records a SINA assessment written as one entry about its person', async () => {
    expect((await harness.execute(RECORD_SINA, { input: sinaInput() }, H501)).errors).toBeUndefined();
    const entries = await newEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'WRITE', subgraph: 'assessments', subject: { kind: 'PERSON', id: TAX_CODE }, operatorTaxCode: OPERATOR, enteCode: 'H501' });
    expect(entries[0]?.fields).toEqual(expect.arrayContaining(['Mutation.recordSinaAssessment', 'SinaAssessment.mobility', 'Person.taxCode']));
  });

  it('records Person.sinaAssessments for two persons as two entries, and Benefit.sinaAssessment under the assessment\'s person', async () => {
    expect((await harness.execute(RECORD_SINA, { input: sinaInput({ taxCode: OTHER, benefitId: 'a1c2a9e8-8d4b-4c6f-9a21-5b7e0d1c2f35' }) }, H501)).errors).toBeUndefined();
    await newEntries();
    const persons = await harness.execute(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { sinaAssessments { mobility dailyLiving } } } }`, {
      r: [{ __typename: 'Person', taxCode: TAX_CODE, access: 'FULL' }, { __typename: 'Person', taxCode: OTHER, access: 'FULL' }],
    }, H501);
    expect(persons.errors).toBeUndefined();
    expect((await newEntries()).map((entry) => [entry.subject?.id, entry.fields])).toEqual([
      [TAX_CODE, ['Person.sinaAssessments', 'SinaAssessment.dailyLiving', 'SinaAssessment.mobility']],
      [OTHER, ['Person.sinaAssessments', 'SinaAssessment.dailyLiving', 'SinaAssessment.mobility']],
    ]);

    const benefit = await harness.execute(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Benefit { sinaAssessment { assessmentInstrument } } } }`, {
      r: [{ __typename: 'Benefit', id: BENEFIT_ID }, { __typename: 'Benefit', id: '00000000-0000-4000-8000-000000000000' }],
    }, H501);
    expect(benefit.errors).toBeUndefined();
    expect(await newEntries()).toEqual([expect.objectContaining({ action: 'READ', subject: { kind: 'PERSON', id: TAX_CODE }, fields: ['SinaAssessment.assessmentInstrument'] })]);
  });

  it('records SINBA cases under the ente\'s pseudonym, never a codice fiscale', async () => {
    const written = await harness.execute(RECORD_SINBA, { input: sinbaInput() }, H501);
    expect(written.errors).toBeUndefined();
    const read = await harness.execute(`{ sinbaCase(enteCode: "H501", beneficiaryCode: "H501123456", reportingYear: 2024) { ageBand livingPlace } }`, {}, H501);
    expect(read.errors).toBeUndefined();
    const entries = await newEntries();
    expect(entries.map((entry) => [entry.action, entry.subject])).toEqual([
      ['WRITE', { kind: 'SINBA_CASE', id: 'H501/H501123456' }],
      ['READ', { kind: 'SINBA_CASE', id: 'H501/H501123456' }],
    ]);
    expect(entries[1]?.fields).toEqual(['Query.sinbaCase', 'SinbaCase.ageBand', 'SinbaCase.livingPlace']);
    // The only codice fiscale in a SINBA entry is the operator's.
    expect(entries.every((entry) => entry.subject?.kind === 'SINBA_CASE' && !/[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]/.test(JSON.stringify({ ...entry, operatorTaxCode: null })))).toBe(true);
  });

  it('keeps an intact chain', async () => {
    expect(await verifyAuditChain(harness.db.url)).toMatchObject({ intact: true, entries: audit.lastId });
  });
});
