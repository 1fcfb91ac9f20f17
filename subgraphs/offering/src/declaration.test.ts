import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { trustedViewer } from '@siuss/service/viewer';
import {
  ADD_PROFESSIONAL, ADD_SERVICE, anonymous, errorOf, FINALISE, fnpsInput, ministry, ok, OPEN, professionalInput, referent, region, REGISTER_AMBITO, REMOVE_PROFESSIONAL,
  REMOVE_SERVICE, REOPEN, SET_FUND, serviceInput, setUpAmbito, startHarness, UPDATE_PROFESSIONAL, UPDATE_SERVICE, type Harness,
} from './testing.ts';

const AMBITO = 'AMB-LIFE';
const KEY = { ambitoCode: AMBITO, year: 2025 };
const LEAD = 'LEAD-AMB-LIFE';
const REMOVE_FUND = `mutation($input: SiossFundModuleKeyInput!) { removeSiossFundModule(input: $input) { declaration { id } } }`;
const DECLARATION = `query($code: String!, $year: Int!) {
  siossDeclaration(ambitoCode: $code, year: $year) {
    status late deadline finalisedAt reopenReason
    services { catalogueCode usersServed }
    professionals { id headCount fte }
    fundModules { fund }
    missingSections { rule field }
  }
}`;

describe('declaration lifecycle', () => {
  let harness: Harness;
  const me = referent(AMBITO);

  beforeAll(async () => {
    harness = await startHarness({ now: new Date('2026-03-10T10:00:00Z') });
    await setUpAmbito(harness, { code: AMBITO, regionCode: '12', comuni: ['A472', 'B631'], leadBodyCode: LEAD });
  });
  afterAll(async () => {
    await harness.close();
  });

  const read = async () => ok(await harness.execute(DECLARATION, { code: AMBITO, year: 2025 })).siossDeclaration;

  it('opens a DRAFT once, only for the Ambito\'s referent', async () => {
    const first = ok(await harness.execute(OPEN, { input: KEY }, me)).openSiossDeclaration;
    expect(first).toMatchObject({ created: true, declaration: { year: 2025, status: 'DRAFT', deadline: '2026-05-31' } });
    const again = ok(await harness.execute(OPEN, { input: KEY }, me)).openSiossDeclaration;
    expect(again).toMatchObject({ created: false, declaration: { id: first.declaration.id } });

    const unknown = errorOf(await harness.execute(OPEN, { input: KEY }, anonymous()));
    expect(unknown.code).toBe('UNAUTHENTICATED');
    expect(unknown.message).toContain(`AMBITO_REFERENT of ambito ${AMBITO}`);
    expect(unknown.message).toContain('no verified identity');
    // The Ambito is the token's ambito claim (viewer.ambitoCode), not its ente.
    const other = errorOf(await harness.execute(OPEN, { input: KEY }, referent('AMB-OTHER')));
    expect(other.code).toBe('FORBIDDEN');
    expect(other.message).toContain('ambito AMB-OTHER');
    const enteOnly = errorOf(await harness.execute(OPEN, { input: KEY }, trustedViewer({ roles: ['AMBITO_REFERENT'], enteCode: AMBITO, operatorTaxCode: 'XXXXXX80P20B501B' })));
    expect(enteOnly).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('ambito none') });
    expect(errorOf(await harness.execute(OPEN, { input: KEY }, ministry())).code).toBe('FORBIDDEN');
  });

  it('refuses to finalise while mandatory sections are missing, naming them', async () => {
    const refused = errorOf(await harness.execute(FINALISE, { input: KEY }, me));
    expect(refused.code).toBe('VALIDATION_FAILED');
    expect(refused.rules).toEqual(['MANDATORY', 'MANDATORY', 'MANDATORY']);
    expect(refused.fields).toEqual(['services', 'professionals', 'fundModules.FNPS']);
    expect((await read()).missingSections.map((issue: any) => issue.field)).toEqual(['services', 'professionals', 'fundModules.FNPS']);
    expect((await read()).status).toBe('DRAFT');
  });

  it('refuses to finalise while the Ambito\'s governance (form of management, lead body) is not set', async () => {
    ok(await harness.execute(REGISTER_AMBITO, { input: { code: 'AMB-NOGOV', name: 'Ambito without governance', regionCode: '12', comuni: ['F319'] } }, ministry()));
    const key = { ambitoCode: 'AMB-NOGOV', year: 2025 };
    ok(await harness.execute(OPEN, { input: key }, referent('AMB-NOGOV')));
    const refused = errorOf(await harness.execute(FINALISE, { input: key }, referent('AMB-NOGOV')));
    expect(refused.code).toBe('VALIDATION_FAILED');
    expect(refused.fields).toEqual(['ambito.managementForm', 'ambito.leadBody', 'services', 'professionals', 'fundModules.FNPS']);
  });

  it('finalises on time once complete, recording who did it', async () => {
    ok(await harness.execute(ADD_SERVICE, { input: { ...KEY, service: serviceInput('P2.01', LEAD) } }, me));
    ok(await harness.execute(ADD_PROFESSIONAL, { input: { ...KEY, professional: professionalInput() } }, me));
    ok(await harness.execute(SET_FUND, { input: fnpsInput(KEY) }, me));
    expect((await read()).missingSections).toEqual([]);
    const finalised = ok(await harness.execute(FINALISE, { input: KEY }, me)).finaliseSiossDeclaration.declaration;
    expect(finalised).toEqual({ status: 'FINALISED', late: false, finalisedAt: '2026-03-10T10:00:00.000Z', finalisedBy: { enteCode: AMBITO, roles: ['AMBITO_REFERENT'] } });
  });

  it('refuses every edit of a FINALISED declaration with CONFLICT', async () => {
    const professionalId = (await read()).professionals[0].id;
    const attempts = [
      harness.execute(ADD_SERVICE, { input: { ...KEY, service: serviceInput('P2.03', LEAD) } }, me),
      harness.execute(ADD_PROFESSIONAL, { input: { ...KEY, professional: professionalInput() } }, me),
      harness.execute(UPDATE_SERVICE, { input: { ...KEY, service: serviceInput('P2.01', LEAD, { usersServed: 1 }) } }, me),
      harness.execute(REMOVE_SERVICE, { input: { ...KEY, catalogueCode: 'P2.01' } }, me),
      harness.execute(UPDATE_PROFESSIONAL, { input: { id: professionalId, professional: professionalInput({ headCount: 9 }) } }, me),
      harness.execute(REMOVE_PROFESSIONAL, { id: professionalId }, me),
      harness.execute(SET_FUND, { input: fnpsInput(KEY) }, me),
      harness.execute(REMOVE_FUND, { input: { ...KEY, fund: 'FNPS' } }, me),
      harness.execute(FINALISE, { input: KEY }, me),
    ];
    for (const result of await Promise.all(attempts)) {
      const error = result.errors?.[0];
      expect(error?.extensions).toMatchObject({ code: 'CONFLICT', rule: 'FINALISED', status: 'FINALISED' });
      expect(error?.message).toContain('only a MINISTRY_ANALYST can reopen it');
    }
    expect(await read()).toMatchObject({ status: 'FINALISED', services: [{ catalogueCode: 'P2.01', usersServed: 120 }], professionals: [{ headCount: 3 }], fundModules: [{ fund: 'FNPS' }] });
    expect((await read()).professionals).toHaveLength(1);
  });

  it('lets only the Ministry reopen, with a reason', async () => {
    const input = { ...KEY, reason: 'Spending of P2.01 to be corrected' };
    for (const [viewer, code] of [[me, 'FORBIDDEN'], [region('12'), 'FORBIDDEN'], [anonymous(), 'UNAUTHENTICATED']] as const) {
      const refused = errorOf(await harness.execute(REOPEN, { input }, viewer));
      expect(refused.code).toBe(code);
      expect(refused.message).toContain('needs MINISTRY_ANALYST');
    }
    const noReason = errorOf(await harness.execute(REOPEN, { input: { ...input, reason: '  ' } }, ministry()));
    expect(noReason).toMatchObject({ code: 'VALIDATION_FAILED', rules: ['MANDATORY'], fields: ['reason'] });
    const reopened = ok(await harness.execute(REOPEN, { input }, ministry())).reopenSiossDeclaration.declaration;
    expect(reopened).toMatchObject({ status: 'DRAFT', late: false, reopenReason: 'Spending of P2.01 to be corrected', reopenedBy: { roles: ['MINISTRY_ANALYST'] } });
    expect(errorOf(await harness.execute(REOPEN, { input }, ministry()))).toMatchObject({ code: 'CONFLICT' });
  });

  it('accepts edits again after reopening, and a finalisation after the deadline flagged late', async () => {
    ok(await harness.execute(UPDATE_SERVICE, { input: { ...KEY, service: serviceInput('P2.01', LEAD, { spending: '47000.00' }) } }, me));
    harness.clock.now = new Date('2026-06-02T08:00:00Z');
    const late = ok(await harness.execute(FINALISE, { input: KEY }, me)).finaliseSiossDeclaration.declaration;
    expect(late).toMatchObject({ status: 'FINALISED', late: true, finalisedAt: '2026-06-02T08:00:00.000Z' });
  });

  it('answers NOT_FOUND for a declaration never opened', async () => {
    const missing = errorOf(await harness.execute(ADD_SERVICE, { input: { ...KEY, year: 2024, service: serviceInput('P2.01', LEAD) } }, me));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toContain('openSiossDeclaration');
  });
});

describe('declaration lifecycle with a configured deadline (SIUSS_SIOSS_DEADLINE=03-31)', () => {
  let harness: Harness;
  const code = 'AMB-MARCH';
  const key = { ambitoCode: code, year: 2025 };
  const me = referent(code);

  beforeAll(async () => {
    harness = await startHarness({ now: new Date('2026-03-31T20:00:00Z'), deadline: { month: 3, day: 31 } });
    await setUpAmbito(harness, { code, regionCode: '12', comuni: ['H501'] });
    ok(await harness.execute(OPEN, { input: key }, me));
    ok(await harness.execute(ADD_SERVICE, { input: { ...key, service: serviceInput('P1.01', `LEAD-${code}`) } }, me));
    ok(await harness.execute(ADD_PROFESSIONAL, { input: { ...key, professional: professionalInput() } }, me));
    ok(await harness.execute(SET_FUND, { input: fnpsInput(key) }, me));
  });
  afterAll(async () => {
    await harness.close();
  });

  it('is due on the configured day and flags a finalisation after it as late', async () => {
    const read = async () => ok(await harness.execute(`{ siossDeclaration(ambitoCode: "${code}", year: 2025) { deadline status late } }`)).siossDeclaration;
    expect(await read()).toEqual({ deadline: '2026-03-31', status: 'DRAFT', late: false });
    // 22:00 in Rome on 31 March: still on time.
    expect(ok(await harness.execute(FINALISE, { input: key }, me)).finaliseSiossDeclaration.declaration).toMatchObject({ status: 'FINALISED', late: false });
    ok(await harness.execute(REOPEN, { input: { ...key, reason: 'Correction' } }, ministry()));
    harness.clock.now = new Date('2026-04-01T08:00:00Z');
    expect(ok(await harness.execute(FINALISE, { input: key }, me)).finaliseSiossDeclaration.declaration).toMatchObject({ status: 'FINALISED', late: true });
    expect(await read()).toEqual({ deadline: '2026-03-31', status: 'FINALISED', late: true });
  });
});
