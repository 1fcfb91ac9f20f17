import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { anonymousViewer } from '@siuss/service/viewer';
import { roleViewer } from '@siuss/testing/auth';
import { RECORD_SINA, RECORD_SINBA, TAX_CODE, personRef, sinaInput, sinbaInput, startHarness, type Harness } from './testing.ts';

// The rules of this subgraph that depend on the row (access.ts, Person.ts): who writes and reads a
// SINA assessment, the complete-position check on Person.sinaAssessments, SINBA's ente and scopes.

const SINA_OF = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { sinaAssessments { id } } } }`;
const ONE = `query($id: ID!) { sinaAssessment(id: $id) { id ente { code } } }`;
const SINBA = `{ sinbaCase(enteCode: "H501", beneficiaryCode: "H501123456") { beneficiaryCode } }`;

describe('access rules of the assessments subgraph', () => {
  let harness: Harness;
  let assessmentId: string;
  const roma = roleViewer('ENTE_OPERATOR');

  beforeAll(async () => {
    harness = await startHarness();
    const recorded = await harness.execute(RECORD_SINA, { input: sinaInput() }, roma);
    expect(recorded.errors).toBeUndefined();
    assessmentId = recorded.data?.recordSinaAssessment.assessment.id;
  });
  afterAll(async () => {
    await harness.close();
  });

  it('lets only the ente of the record (its ENTE_OPERATOR) or INPS write SINA, before validating anything', async () => {
    const before = await harness.count('sina_assessment');
    const cases = [
      [roleViewer('ENTE_OPERATOR', { ente: 'F205' }), 'FORBIDDEN', /for ente H501 is for an ENTE_OPERATOR acting for H501, or INPS_ADMIN; this token has ENTE_OPERATOR and ente F205/],
      [roleViewer('CASE_WORKER', { ente: 'H501' }), 'FORBIDDEN', /this token has CASE_WORKER and ente H501/],
      [roleViewer('MINISTRY_ANALYST'), 'FORBIDDEN', /this token has MINISTRY_ANALYST and ente none/],
      [anonymousViewer(), 'UNAUTHENTICATED', /needs a verified operator/],
    ] as const;
    for (const [viewer, code, message] of cases) {
      // An invalid record: a refusal comes before validation, and says nothing about it.
      const result = await harness.execute(RECORD_SINA, { input: sinaInput({ benefitId: 'not-a-uuid', neededBenefitCodes: ['A7.77'] }) }, viewer);
      expect(result.errors?.[0]).toMatchObject({ extensions: { code }, message: expect.stringMatching(message) });
    }
    expect(await harness.count('sina_assessment')).toBe(before);
    const inps = await harness.execute(RECORD_SINA, { input: sinaInput({ benefitId: '0b6f1c3e-5a7d-4e2f-9c1b-3d5e7f9a1b2c', assessmentDate: '2024-05-02' }) }, roleViewer('INPS_ADMIN'));
    expect(inps.errors).toBeUndefined();
  });

  it('serves a person\'s SINA assessments only for the complete position the gateway brings from benefits', async () => {
    const full = await harness.execute(SINA_OF, { representations: [personRef(TAX_CODE, 'FULL')] }, roleViewer('CASE_WORKER', { ente: 'H501' }));
    expect(full.errors).toBeUndefined();
    expect(full.data?._entities[0].sinaAssessments.length).toBeGreaterThan(0);
    for (const access of ['ENTE', null] as const) {
      const refused = await harness.execute(SINA_OF, { representations: [personRef(TAX_CODE, access)] }, roma);
      expect(refused.data?._entities[0]).toEqual({ sinaAssessments: null });
      expect(refused.errors?.[0]).toMatchObject({
        path: ['_entities', 0, 'sinaAssessments'],
        extensions: { code: 'FORBIDDEN' },
        message: expect.stringMatching(/part of the complete position, which is for INPS_ADMIN or a CASE_WORKER whose ente took the person in charge/),
      });
    }
    const anonymous = await harness.execute(SINA_OF, { representations: [personRef(TAX_CODE, null)] }, anonymousViewer());
    expect(anonymous.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });

  it('reads one assessment by id for the ente that made it and INPS only', async () => {
    expect((await harness.execute(ONE, { id: assessmentId }, roleViewer('CASE_WORKER', { ente: 'H501' }))).data?.sinaAssessment).toEqual({ id: assessmentId, ente: { code: 'H501' } });
    expect((await harness.execute(ONE, { id: assessmentId }, roleViewer('INPS_ADMIN'))).errors).toBeUndefined();
    const other = await harness.execute(ONE, { id: assessmentId }, roleViewer('CASE_WORKER'));
    expect(other.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', requiredEnte: 'H501' }, message: expect.stringMatching(/for the ente that made it \(H501\) or INPS_ADMIN; this token has CASE_WORKER and ente F839/) });
  });

  it('asks the sinba scopes as well as the ente that created the case', async () => {
    expect((await harness.execute(RECORD_SINBA, { input: sinbaInput() }, roma)).errors).toBeUndefined();
    expect((await harness.execute(SINBA, {}, roma)).data?.sinbaCase).toEqual({ beneficiaryCode: 'H501123456' });
    const noScope = await harness.execute(SINBA, {}, roleViewer('ENTE_OPERATOR', { scope: 'benefits:read assessments:read' }));
    expect(noScope.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', missing: 'scope sinba:read' }, message: expect.stringMatching(/requires the scope sinba:read/) });
    const readOnly = await harness.execute(RECORD_SINBA, { input: sinbaInput({ beneficiaryCode: 'H501777777' }) }, roleViewer('ENTE_OPERATOR', { scope: 'sinba:read' }));
    expect(readOnly.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', missing: 'scope sinba:write' });
    // INPS sees every SINA record, and no SINBA case: it acts for no ente.
    expect((await harness.execute(SINBA, {}, roleViewer('INPS_ADMIN'))).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', missing: 'viewer.enteCode' });
  });
});
