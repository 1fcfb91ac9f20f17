import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADD_PROFESSIONAL, ADD_SERVICE, FINALISE, fnpsInput, ministry, ok, OPEN, professionalInput, referent, REGISTER_BODY, serviceInput, SET_FUND, setUpAmbito, startHarness, type Harness } from './testing.ts';

const COMPARISON = `query($year: Int!, $region: String, $drafts: Boolean) {
  siossComparison(year: $year, regionCode: $region, includeDrafts: $drafts) {
    year lepResidentsPerSocialWorker objectiveResidentsPerSocialWorker populationSource
    ambiti {
      ambito { code population { residents } }
      declaration { status }
      socialWorkers { residents headCount fte residentsPerSocialWorker lepFte objectiveFte meetsLep meetsObjective lepGap excludedHeadCount excludedFte }
      servicesByMacroActivity { macroActivity servicesPresent catalogueItems }
    }
    macroActivities { macroActivity ambitiWithServices ambitiCompared }
  }
}`;

// Resident population, ISTAT 2011 census: Roma 2,617,175; Milano 1,242,123; Torino 872,367.
describe('comparisons across Ambiti for the Ministry', () => {
  let harness: Harness;

  async function declare(ambitoCode: string, services: string[], staff: Array<Record<string, unknown>>, finalise: boolean): Promise<void> {
    const key = { ambitoCode, year: 2025 };
    const me = referent(ambitoCode);
    ok(await harness.execute(OPEN, { input: key }, me));
    for (const code of services) ok(await harness.execute(ADD_SERVICE, { input: { ...key, service: serviceInput(code, `LEAD-${ambitoCode}`) } }, me));
    for (const row of staff) ok(await harness.execute(ADD_PROFESSIONAL, { input: { ...key, professional: professionalInput(row) } }, me));
    ok(await harness.execute(SET_FUND, { input: fnpsInput(key) }, me));
    if (finalise) ok(await harness.execute(FINALISE, { input: key }, me));
  }

  beforeAll(async () => {
    harness = await startHarness({ now: new Date('2026-05-01T10:00:00Z') });
    await setUpAmbito(harness, { code: 'AMB-ROMA', regionCode: '12', comuni: ['H501'] });
    await setUpAmbito(harness, { code: 'AMB-MI', regionCode: '03', comuni: ['F205'] });
    await setUpAmbito(harness, { code: 'AMB-TO', regionCode: '01', comuni: ['L219'] });
    await declare('AMB-ROMA', ['P1.01', 'P1.02', 'P2.01', 'P5.04'], [
      { headCount: 540, fte: '536.00' },
      { headCount: 60, fte: '49.50', contractType: 'FIXED_TERM' },
      { profession: 'PROFESSIONAL_EDUCATOR', headCount: 10, fte: '10.00' },
    ], true);
    await declare('AMB-MI', ['P1.01', 'P3.01'], [{ headCount: 240, fte: '231.00' }], true);
    await declare('AMB-TO', ['P4.03'], [{ profession: 'PSYCHOLOGIST', headCount: 4, fte: '4.00' }], false);
  });
  afterAll(async () => {
    await harness.close();
  });

  it('compares finalised declarations: permanent social workers of the Comuni per resident against the essential level', async () => {
    const comparison = ok(await harness.execute(COMPARISON, { year: 2025 })).siossComparison;
    expect(comparison).toMatchObject({ year: 2025, lepResidentsPerSocialWorker: 5000, objectiveResidentsPerSocialWorker: 4000, populationSource: expect.stringContaining('ISTAT') });
    expect(comparison.ambiti.map((entry: any) => entry.ambito.code)).toEqual(['AMB-MI', 'AMB-ROMA']);
    const [milano, roma] = comparison.ambiti;
    // Roma's 60 fixed-term social workers (49.50 FTE) are declared but not counted: 2617175 / 536 = 4882.79.
    expect(roma.socialWorkers).toEqual({
      residents: 2617175, headCount: 540, fte: '536.00', residentsPerSocialWorker: '4882.79', lepFte: '523.44', objectiveFte: '654.30', meetsLep: true, meetsObjective: false, lepGap: '0.00',
      excludedHeadCount: 60, excludedFte: '49.50',
    });
    expect(milano.socialWorkers).toEqual({
      residents: 1242123, headCount: 240, fte: '231.00', residentsPerSocialWorker: '5377.16', lepFte: '248.43', objectiveFte: '310.54', meetsLep: false, meetsObjective: false, lepGap: '17.43',
      excludedHeadCount: 0, excludedFte: '0.00',
    });
    expect(roma.ambito.population.residents).toBe(2617175);
  });

  it('counts services present per macro-activity, per Ambito and across them', async () => {
    const comparison = ok(await harness.execute(COMPARISON, { year: 2025 })).siossComparison;
    const roma = comparison.ambiti[1];
    expect(roma.servicesByMacroActivity).toEqual([
      { macroActivity: 'ACCESS_ASSESSMENT', servicesPresent: 2, catalogueItems: 5 },
      { macroActivity: 'HOME_CARE', servicesPresent: 1, catalogueItems: 7 },
      { macroActivity: 'EARLY_CHILDHOOD_COMMUNITY', servicesPresent: 0, catalogueItems: 6 },
      { macroActivity: 'RESIDENTIAL', servicesPresent: 0, catalogueItems: 5 },
      { macroActivity: 'INCLUSION_INCOME_SUPPORT', servicesPresent: 1, catalogueItems: 5 },
    ]);
    expect(comparison.macroActivities).toEqual([
      { macroActivity: 'ACCESS_ASSESSMENT', ambitiWithServices: 2, ambitiCompared: 2 },
      { macroActivity: 'HOME_CARE', ambitiWithServices: 1, ambitiCompared: 2 },
      { macroActivity: 'EARLY_CHILDHOOD_COMMUNITY', ambitiWithServices: 1, ambitiCompared: 2 },
      { macroActivity: 'RESIDENTIAL', ambitiWithServices: 0, ambitiCompared: 2 },
      { macroActivity: 'INCLUSION_INCOME_SUPPORT', ambitiWithServices: 1, ambitiCompared: 2 },
    ]);
  });

  it('narrows to a Region, and includes drafts only when asked', async () => {
    const lombardia = ok(await harness.execute(COMPARISON, { year: 2025, region: '03' })).siossComparison;
    expect(lombardia.ambiti.map((entry: any) => entry.ambito.code)).toEqual(['AMB-MI']);
    const withDrafts = ok(await harness.execute(COMPARISON, { year: 2025, drafts: true })).siossComparison;
    expect(withDrafts.ambiti.map((entry: any) => `${entry.ambito.code}:${entry.declaration.status}`)).toEqual(['AMB-MI:FINALISED', 'AMB-ROMA:FINALISED', 'AMB-TO:DRAFT']);
    expect(withDrafts.ambiti[2].socialWorkers).toMatchObject({ residents: 872367, headCount: 0, fte: '0.00', residentsPerSocialWorker: null, meetsLep: false, lepGap: '174.48' });
    expect(ok(await harness.execute(COMPARISON, { year: 2024 })).siossComparison.ambiti).toEqual([]);
  });

  it('costs the same number of statements whatever the number of Ambiti', async () => {
    const { statements } = await harness.sql.measure(() => harness.execute(COMPARISON, { year: 2025, drafts: true }));
    // declarations, Ambiti, members, professionals, services
    expect(statements).toHaveLength(5);
  });

  it('gives the same ratio on the declaration itself', async () => {
    const query = `{ siossDeclaration(ambitoCode: "AMB-MI", year: 2025) { socialWorkers { lepGap meetsLep } } }`;
    expect(ok(await harness.execute(query)).siossDeclaration.socialWorkers).toEqual({ lepGap: '17.43', meetsLep: false });
  });
});

describe('the essential level counts social workers as L. 178/2020 c. 797 does', () => {
  let harness: Harness;
  const key = { ambitoCode: 'AMB-TO', year: 2025 };
  const me = referent('AMB-TO');
  const bodies: Array<[code: string, kind: string]> = [['CONS-TO', 'CONSORTIUM'], ['ASL-TO', 'HEALTH_AUTHORITY'], ['ASP-TO', 'PUBLIC_CARE_COMPANY']];
  // Torino, 872,367 residents: the level asks for 174.48 FTE.
  const staff: Array<Record<string, unknown>> = [
    { headCount: 150, fte: '150.00' }, // permanent, a member Comune: counted
    { headCount: 20, fte: '20.00', employerKind: 'AMBITO_BODY', employerBodyCode: 'CONS-TO' }, // permanent, a consortium of the Comuni: counted
    { headCount: 10, fte: '10.00', contractType: 'FIXED_TERM' },
    { headCount: 3, fte: '3.00', contractType: 'AGENCY' },
    { headCount: 8, fte: '8.00', employerKind: 'THIRD_SECTOR' }, // permanent, but a private employer
    { headCount: 4, fte: '4.00', employerKind: 'THIRD_SECTOR', contractType: 'OUTSOURCED' },
    { headCount: 1, fte: '1.00', employerKind: 'OTHER' },
    { headCount: 2, fte: '2.00', employerKind: 'HEALTH_AUTHORITY' },
    { headCount: 5, fte: '5.00', employerKind: 'AMBITO_BODY', employerBodyCode: 'ASL-TO' }, // an implementing body, but not of the Comuni
    { headCount: 2, fte: '2.00', employerKind: 'AMBITO_BODY', employerBodyCode: 'ASP-TO' },
    { profession: 'PROFESSIONAL_EDUCATOR', headCount: 30, fte: '30.00' }, // not a social worker at all
  ];

  beforeAll(async () => {
    harness = await startHarness({ now: new Date('2026-05-01T10:00:00Z') });
    await setUpAmbito(harness, { code: 'AMB-TO', regionCode: '01', comuni: ['L219'] });
    for (const [code, kind] of bodies) ok(await harness.execute(REGISTER_BODY, { input: { code, name: `Ente ${code}`, kind } }, ministry()));
    ok(await harness.execute(OPEN, { input: key }, me));
    ok(await harness.execute(ADD_SERVICE, { input: { ...key, service: serviceInput('P1.01', 'LEAD-AMB-TO') } }, me));
    for (const row of staff) ok(await harness.execute(ADD_PROFESSIONAL, { input: { ...key, professional: professionalInput(row) } }, me));
    ok(await harness.execute(SET_FUND, { input: fnpsInput(key) }, me));
    ok(await harness.execute(FINALISE, { input: key }, me));
  });
  afterAll(async () => {
    await harness.close();
  });

  it('leaves out fixed-term, agency and outsourced social workers and those of private, health or other employers', async () => {
    const expected = {
      residents: 872367, headCount: 170, fte: '170.00', residentsPerSocialWorker: '5131.57', lepFte: '174.48', objectiveFte: '218.10',
      meetsLep: false, meetsObjective: false, lepGap: '4.48', excludedHeadCount: 35, excludedFte: '35.00',
    };
    const comparison = ok(await harness.execute(COMPARISON, { year: 2025 })).siossComparison;
    expect(comparison.ambiti.map((entry: any) => entry.ambito.code)).toEqual(['AMB-TO']);
    // All 205 social workers declared (205.00 FTE) would meet the level; the 170 counted do not.
    expect(comparison.ambiti[0].socialWorkers).toEqual(expected);
    const declaration = ok(await harness.execute(`{ siossDeclaration(ambitoCode: "AMB-TO", year: 2025) {
      socialWorkers { residents headCount fte residentsPerSocialWorker lepFte objectiveFte meetsLep meetsObjective lepGap excludedHeadCount excludedFte }
      professionals { profession employerKind employerBody { code kind } contractType } } }`)).siossDeclaration;
    expect(declaration.socialWorkers).toEqual(expected);
    // Every row is still declared and served as sent.
    expect(declaration.professionals).toHaveLength(staff.length);
    expect(declaration.professionals.filter((row: any) => row.employerBody?.kind === 'HEALTH_AUTHORITY')).toHaveLength(1);
  });
});
