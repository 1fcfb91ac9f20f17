import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Viewer } from '@siuss/service/viewer';
import { roleViewer } from '@siuss/testing/auth';
import { anonymous, errorOf, FINALISE, fnpsInput, ADD_PROFESSIONAL, ministry, ok, OPEN, professionalInput, referent, region, serviceInput, ADD_SERVICE, SET_FUND, setUpAmbito, startHarness, type Harness } from './testing.ts';

// Who reads SIOSS declarations (domain/access.ts): the Ambito's referent (the token's ambito claim),
// the coordinator of its Region (the region claim) and the Ministry; whichever way the declaration
// is reached, its compilers' part stays theirs.

const DECLARATION = `query($code: String!) { siossDeclaration(ambitoCode: $code, year: 2025) { status professionals { headCount } history { operation actor { roles } } } }`;
const AMBITO = `query($code: String!) { siossAmbito(code: $code) { code name declarations { year } history { operation } } }`;
const NEARBY = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Person { servicesNearby { catalogueCode declaration { year status professionals { headCount } } } } }
}`;

describe('who reads SIOSS declarations', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ now: new Date('2026-04-01T10:00:00Z') });
    await setUpAmbito(harness, { code: 'AMB-A', regionCode: '12', comuni: ['A472', 'B631'] });
    const key = { ambitoCode: 'AMB-A', year: 2025 };
    const me = referent('AMB-A');
    ok(await harness.execute(OPEN, { input: key }, me));
    ok(await harness.execute(ADD_SERVICE, { input: { ...key, service: serviceInput('P1.01', 'LEAD-AMB-A') } }, me));
    ok(await harness.execute(ADD_PROFESSIONAL, { input: { ...key, professional: professionalInput() } }, me));
    ok(await harness.execute(SET_FUND, { input: fnpsInput(key) }, me));
    ok(await harness.execute(FINALISE, { input: key }, me));
  });
  afterAll(async () => {
    await harness.close();
  });

  const cases: Array<[string, () => Viewer, 'ok' | 'FORBIDDEN' | 'UNAUTHENTICATED']> = [
    ['its referent (ambito claim AMB-A)', () => referent('AMB-A'), 'ok'],
    ['the coordinator of its Region (region claim 12)', () => region('12'), 'ok'],
    ['the Ministry', ministry, 'ok'],
    ['the referent of another Ambito', () => referent('AMB-B'), 'FORBIDDEN'],
    ['the coordinator of another Region', () => region('01'), 'FORBIDDEN'],
    ['a case worker (sioss:read, no SIOSS role)', () => roleViewer('CASE_WORKER'), 'FORBIDDEN'],
    ['INPS', () => roleViewer('INPS_ADMIN'), 'FORBIDDEN'],
    ['no one', anonymous, 'UNAUTHENTICATED'],
  ];

  it.each(cases)('siossDeclaration and an Ambito\'s declarations and history: %s', async (_name, viewer, expected) => {
    const declaration = await harness.execute(DECLARATION, { code: 'AMB-A' }, viewer());
    const ambito = await harness.execute(AMBITO, { code: 'AMB-A' }, viewer());
    if (expected === 'ok') {
      expect(ok(declaration).siossDeclaration).toMatchObject({ status: 'FINALISED', professionals: [{ headCount: 3 }] });
      expect(ok(ambito).siossAmbito).toMatchObject({ declarations: [{ year: 2025 }], history: expect.any(Array) });
      return;
    }
    expect(errorOf(declaration)).toMatchObject({ code: expected, message: expect.stringMatching(/^Reading the declaration of Ambito AMB-A for 2025 needs AMBITO_REFERENT of ambito AMB-A or REGION_COORDINATOR of region 12 or MINISTRY_ANALYST/) });
    // The Ambito itself is public reference data; its declarations and history are not.
    expect(ambito.data?.siossAmbito).toMatchObject({ code: 'AMB-A', name: 'Ambito AMB-A', declarations: null, history: null });
    expect(ambito.errors?.map((error) => [error.path?.join('.'), error.extensions?.['code']])).toEqual([['siossAmbito.declarations', expected], ['siossAmbito.history', expected]]);
  });

  it('answers null for an Ambito nobody registered, to anyone: the register is public', async () => {
    expect(ok(await harness.execute(DECLARATION, { code: 'AMB-NONE' }, referent('AMB-B'))).siossDeclaration).toBeNull();
  });

  it('keeps the compilers\' part of a declaration reached from a person\'s services nearby', async () => {
    const representations = [{ __typename: 'Person', taxCode: 'RSSMRA80C15H501M', residences: [{ comuneCode: '057012' }] }];
    const caseWorker = await harness.execute(NEARBY, { representations }, roleViewer('CASE_WORKER'));
    expect(caseWorker.data?._entities[0].servicesNearby[0]).toEqual({ catalogueCode: 'P1.01', declaration: { year: 2025, status: 'FINALISED', professionals: null } });
    expect(caseWorker.errors?.[0]).toMatchObject({ path: ['_entities', 0, 'servicesNearby', 0, 'declaration', 'professionals'], extensions: { code: 'FORBIDDEN' } });
    const published = await harness.execute(NEARBY.replace(' professionals { headCount }', ''), { representations }, roleViewer('CASE_WORKER'));
    expect(ok(published)._entities[0].servicesNearby[0]).toEqual({ catalogueCode: 'P1.01', declaration: { year: 2025, status: 'FINALISED' } });
    expect(ok(await harness.execute(NEARBY, { representations }, region('12')))._entities[0].servicesNearby[0].declaration.professionals).toEqual([{ headCount: 3 }]);
  });
});
