import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Viewer } from '@siuss/service/viewer';
import { anonymousViewer } from '@siuss/service/viewer';
import { roleViewer } from '@siuss/testing/auth';
import { RECORD, recordInput, startHarness, type Harness } from './testing.ts';

// The rules that depend on the row (domain/access.ts), on every path of this subgraph to a person
// or a benefit: Query.person, Person.benefits, enteBenefits, benefit(id), _entities, the mutations.

const PAOLO = 'RSSMRK66C14H501U';
const GIULIA = 'BNCGLI75S42F205Y';
const UNKNOWN = 'SPSNNA41A69F839C';

const PERSON = `query($taxCode: CodiceFiscale!, $filter: BenefitFilter) {
  person(taxCode: $taxCode) { surname access benefits(filter: $filter) { totalCount edges { node { applicationProtocol ente { code } } } } }
}`;
const LISTING = `query($ente: String!) { enteBenefits(enteCode: $ente) { totalCount edges { node { applicationProtocol person { taxCode benefits { totalCount } } } } } }`;
const ONE = `query($id: ID!) { benefit(id: $id) { applicationProtocol person { surname } } }`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { surname access } ... on Benefit { applicationProtocol } } }`;
const CANCEL = `mutation($input: CancelBenefitInput!) { cancelBenefit(input: $input) { benefit { status } } }`;
const CORRECT = `mutation($input: CorrectBenefitInput!) { correctBenefit(input: $input) { benefit { id } } }`;

const ente = (code: string) => ({ code, name: `Comune ${code}`, seatCode: code, operatorTaxCode: 'XXXXXX80P20B501B' });
const operator = (code: string) => roleViewer('ENTE_OPERATOR', { ente: code });
const caseWorker = (code: string) => roleViewer('CASE_WORKER', { ente: code });
const codeOf = (result: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }) => result.errors?.[0]?.extensions?.['code'];

describe('who sees a person and their benefits', () => {
  let harness: Harness;
  let milanBenefitId: string;

  beforeAll(async () => {
    harness = await startHarness();
    const record = async (input: ReturnType<typeof recordInput>) => {
      const result = await harness.execute(RECORD, { input });
      expect(result.errors).toBeUndefined();
      return result.data?.recordBenefit.benefit.id as string;
    };
    // Paolo: Roma took him in charge; Milano pays him a benefit without presa in carico.
    await record(recordInput({ benefit: { applicationProtocol: 'RM-1', takenInCharge: true } }));
    milanBenefitId = await record({ ...recordInput({ benefit: { applicationProtocol: 'MI-1', takenInCharge: false, userArea: null } }), ente: ente('F205') });
    // Giulia: Milano's presa in carico was cancelled; what is left has none.
    await record({ ...recordInput({ taxCode: GIULIA, benefit: { applicationProtocol: 'MI-2', takenInCharge: true } }), ente: ente('F205') });
    await record({ ...recordInput({ taxCode: GIULIA, benefit: { applicationProtocol: 'MI-3', takenInCharge: false, userArea: null, startDate: '2024-02-01' } }), ente: ente('F205') });
    const cancelled = await harness.execute(CANCEL, { input: { key: { enteCode: 'F205', taxCode: GIULIA, code: 'A1.16', applicationProtocol: 'MI-2', startDate: '2024-01-10' }, operatorTaxCode: 'XXXXXX80P20B501B' } });
    expect(cancelled.data?.cancelBenefit.benefit.status).toBe('CANCELLED');
  });
  afterAll(async () => {
    await harness.close();
  });

  const positions: Array<[string, () => Viewer, string, { access: string; protocols: string[] } | [string, RegExp]]> = [
    ['INPS: the complete position', () => roleViewer('INPS_ADMIN'), PAOLO, { access: 'FULL', protocols: ['MI-1', 'RM-1'] }],
    ['a case worker of the ente that took him in charge: the complete position', () => caseWorker('H501'), PAOLO, { access: 'FULL', protocols: ['MI-1', 'RM-1'] }],
    ['a case worker of an ente that pays him without presa in carico', () => caseWorker('F205'), PAOLO, ['FORBIDDEN', /needs a benefit with presa in carico \(PresaCarico 1, ACTIVE\) reported by your ente; you act for ente F205 as CASE_WORKER, and it has none for this person/]],
    ['a case worker whose ente\'s presa in carico was cancelled', () => caseWorker('F205'), GIULIA, ['FORBIDDEN', /you act for ente F205 as CASE_WORKER, and it has none/]],
    ['an ente operator: identity and its own ente\'s benefits', () => operator('H501'), PAOLO, { access: 'ENTE', protocols: ['RM-1'] }],
    ['the other ente\'s operator: its own ones', () => operator('F205'), PAOLO, { access: 'ENTE', protocols: ['MI-1'] }],
    ['an ente operator whose presa in carico was cancelled: identity and its ACTIVE ones', () => operator('F205'), GIULIA, { access: 'ENTE', protocols: ['MI-3'] }],
    ['an ente operator of an ente that reported nothing for him', () => operator('L219'), PAOLO, ['FORBIDDEN', /needs a benefit of this person reported by your ente; you act for ente L219 as ENTE_OPERATOR, and it reported none/]],
    ['an ente operator asking for a person the hub does not know: refused the same way', () => operator('H501'), UNKNOWN, ['FORBIDDEN', /you act for ente H501 as ENTE_OPERATOR, and it reported none/]],
    ['the Ministry, even with benefits:read', () => roleViewer('MINISTRY_ANALYST', { scope: 'benefits:read aggregates:read' }), PAOLO, ['FORBIDDEN', /never a codice fiscale or a name/]],
    ['an Ambito referent', () => roleViewer('AMBITO_REFERENT'), PAOLO, ['FORBIDDEN', /is for ENTE_OPERATOR or CASE_WORKER acting for an ente, or INPS_ADMIN; this token has AMBITO_REFERENT/]],
    ['the data subject himself: the access log only', () => roleViewer('DATA_SUBJECT', { sub: PAOLO }), PAOLO, ['FORBIDDEN', /this token has DATA_SUBJECT/]],
    ['the DPO', () => roleViewer('DPO'), PAOLO, ['FORBIDDEN', /this token has DPO/]],
    ['no one', anonymousViewer, PAOLO, ['UNAUTHENTICATED', /needs a verified operator/]],
  ];

  it.each(positions)('Query.person: %s', async (_name, viewer, taxCode, expected) => {
    const result = await harness.execute(PERSON, { taxCode }, viewer());
    if (Array.isArray(expected)) {
      expect(result.data?.person ?? null).toBeNull();
      expect(result.errors?.[0]).toMatchObject({ path: ['person'], extensions: { code: expected[0] }, message: expect.stringMatching(expected[1]) });
      return;
    }
    expect(result.errors).toBeUndefined();
    expect(result.data?.person.access).toBe(expected.access);
    expect(result.data?.person.benefits.edges.map((edge: any) => edge.node.applicationProtocol).sort()).toEqual(expected.protocols);
  });

  it('answers null to INPS for a person no ente reported', async () => {
    const result = await harness.execute(PERSON, { taxCode: UNKNOWN }, roleViewer('INPS_ADMIN'));
    expect(result).toEqual({ data: { person: null } });
  });

  it('refuses an ente operator the benefits another ente reported, rather than listing none', async () => {
    const result = await harness.execute(PERSON, { taxCode: PAOLO, filter: { enteCode: 'F205' } }, operator('H501'));
    expect(result.errors?.[0]).toMatchObject({ path: ['person', 'benefits'], extensions: { code: 'FORBIDDEN' }, message: expect.stringMatching(/needs the complete position/) });
    expect(result.data?.person).toEqual({ surname: 'ROSSI', access: 'ENTE', benefits: null });
    expect((await harness.execute(PERSON, { taxCode: PAOLO, filter: { enteCode: 'h501' } }, operator('H501'))).data?.person.benefits.totalCount).toBe(1);
  });

  it('lists an ente\'s benefits for its operator and INPS only, each person limited to what the operator may see', async () => {
    const own = await harness.execute(LISTING, { ente: 'F205' }, operator('F205'));
    expect(own.errors).toBeUndefined();
    expect(own.data?.enteBenefits.edges.map((edge: any) => [edge.node.applicationProtocol, edge.node.person.taxCode, edge.node.person.benefits.totalCount]).sort())
      .toEqual([['MI-1', PAOLO, 1], ['MI-3', GIULIA, 1]]);
    expect((await harness.execute(LISTING, { ente: 'F205' }, roleViewer('INPS_ADMIN'))).data?.enteBenefits.totalCount).toBe(2);
    for (const [viewer, message] of [
      [operator('H501'), /Listing the benefits of ente F205 is for its ENTE_OPERATOR or INPS_ADMIN; this token has ENTE_OPERATOR and ente H501/],
      [caseWorker('F205'), /this token has CASE_WORKER and ente F205/],
    ] as const) {
      const refused = await harness.execute(LISTING, { ente: 'F205' }, viewer);
      expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', enteCode: 'F205' }, message: expect.stringMatching(message) });
    }
  });

  it('serves one benefit by id to its ente, to a case worker who took its person in charge, and to INPS', async () => {
    for (const viewer of [operator('F205'), caseWorker('H501'), roleViewer('INPS_ADMIN')]) {
      expect((await harness.execute(ONE, { id: milanBenefitId }, viewer)).data?.benefit).toEqual({ applicationProtocol: 'MI-1', person: { surname: 'ROSSI' } });
    }
    for (const viewer of [operator('H501'), caseWorker('F205'), roleViewer('MINISTRY_ANALYST')]) {
      const refused = await harness.execute(ONE, { id: milanBenefitId }, viewer);
      expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringMatching(/^Reading a benefit of ente F205 is for its ENTE_OPERATOR/) });
    }
  });

  it('applies the same rules to the entities the gateway asks for, and says what access it computed', async () => {
    const r = [{ __typename: 'Person', taxCode: PAOLO }, { __typename: 'Person', taxCode: GIULIA }, { __typename: 'Benefit', id: milanBenefitId }];
    const roma = await harness.execute(ENTITIES, { r }, caseWorker('H501'));
    expect(roma.data?._entities).toEqual([{ surname: 'ROSSI', access: 'FULL' }, null, { applicationProtocol: 'MI-1' }]);
    expect(roma.errors?.map((error) => [error.path?.join('.'), error.extensions?.['code']])).toEqual([['_entities.1', 'FORBIDDEN']]);
    const milano = await harness.execute(ENTITIES, { r }, operator('F205'));
    expect(milano.errors).toBeUndefined();
    expect(milano.data?._entities).toEqual([{ surname: 'ROSSI', access: 'ENTE' }, { surname: 'ROSSI', access: 'ENTE' }, { applicationProtocol: 'MI-1' }]);
    const torino = await harness.execute(ENTITIES, { r }, operator('L219'));
    expect(torino.data?._entities).toEqual([null, null, null]);
    expect(torino.errors?.map((error) => error.extensions?.['code'])).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
  });

  it('lets only the ente named in the record (Ente@Codice) or INPS write, before validating anything', async () => {
    const invalid = { ...recordInput({ benefit: { applicationProtocol: 'X-1', monthlyAmount: null } }), ente: ente('F205') };
    const refused = await harness.execute(RECORD, { input: invalid }, operator('H501'));
    expect(refused.errors?.[0]).toMatchObject({
      extensions: { code: 'FORBIDDEN', enteCode: 'F205' },
      message: 'Recording a benefit for ente F205 (Ente@Codice) is for an ENTE_OPERATOR acting for F205, or INPS_ADMIN; this token has ENTE_OPERATOR and ente H501.',
    });
    expect(codeOf(await harness.execute(RECORD, { input: invalid }, caseWorker('F205')))).toBe('FORBIDDEN');
    expect(codeOf(await harness.execute(RECORD, { input: invalid }, anonymousViewer()))).toBe('UNAUTHENTICATED');
    // Its own ente's operator gets to the validation.
    expect(codeOf(await harness.execute(RECORD, { input: invalid }, operator('F205')))).toBe('VALIDATION_FAILED');
    const key = { enteCode: 'F205', taxCode: PAOLO, code: 'A1.16', applicationProtocol: 'MI-1', startDate: '2024-01-10' };
    expect(codeOf(await harness.execute(CANCEL, { input: { key, operatorTaxCode: 'XXXXXX80P20B501B' } }, operator('H501')))).toBe('FORBIDDEN');
    const intoAnotherEnte = { key: { ...key, enteCode: 'H501', applicationProtocol: 'RM-1' }, record: { ...recordInput({ benefit: { applicationProtocol: 'RM-1' } }), ente: ente('F205') } };
    expect((await harness.execute(CORRECT, { input: intoAnotherEnte }, operator('H501'))).errors?.[0]?.message).toMatch(/^Correcting a benefit for ente F205/);
  });
});
