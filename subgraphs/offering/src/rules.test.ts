import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChangeLogEntry } from './entities/ChangeLogEntry.ts';
import { DeclaredService } from './entities/DeclaredService.ts';
import {
  ADD_PROFESSIONAL, ADD_SERVICE, errorOf, ok, OPEN, professionalInput, referent, REMOVE_PROFESSIONAL, SET_FUND, serviceInput, setUpAmbito,
  startHarness, UPDATE_PROFESSIONAL, UPDATE_SERVICE, type Harness,
} from './testing.ts';

const AMBITO = 'AMB-RULES';
const LEAD = 'LEAD-RULES';
const KEY = { ambitoCode: AMBITO, year: 2025 };

describe('validation of a declaration\'s contents through the API', () => {
  let harness: Harness;
  const me = referent(AMBITO);
  const add = (service: Record<string, unknown>, key = KEY) => harness.execute(ADD_SERVICE, { input: { ...key, service } }, me);
  const addRow = (professional: Record<string, unknown>) => harness.execute(ADD_PROFESSIONAL, { input: { ...KEY, professional } }, me);
  const counts = async () => ({
    services: await harness.orm.em.fork().count(DeclaredService, {}),
    changes: await harness.orm.em.fork().count(ChangeLogEntry, {}),
  });

  beforeAll(async () => {
    harness = await startHarness({ now: new Date('2026-02-01T10:00:00Z') });
    await setUpAmbito(harness, { code: AMBITO, regionCode: '12', comuni: ['F319'], leadBodyCode: LEAD });
    ok(await harness.execute(OPEN, { input: KEY }, me));
    ok(await harness.execute(OPEN, { input: { ...KEY, year: 2023 } }, me));
  });
  afterAll(async () => {
    await harness.close();
  });

  it('stores a valid service with its catalogue entry as valid that year', async () => {
    const added = ok(await add(serviceInput('P3.04', LEAD, { capacity: 25, targetUsers: ['ELDERLY', 'DISABILITY'] }))).addSiossService.service;
    expect(added).toMatchObject({
      catalogueCode: 'P3.04', catalogueItem: { label: 'Centri diurni per anziani', macroActivity: 'EARLY_CHILDHOOD_COMMUNITY', status: 'provisional' },
      managingBody: { code: LEAD }, targetUsers: ['ELDERLY', 'DISABILITY'], capacity: 25, usersServed: 120, spending: '45000.00',
    });
  });

  it('CATALOGUE: refuses an item that is not in the catalogue, writing nothing', async () => {
    const before = await counts();
    const result = errorOf(await add(serviceInput('A1', LEAD)));
    expect(result).toMatchObject({ code: 'VALIDATION_FAILED', rules: ['CATALOGUE'], fields: ['service.catalogueCode'] });
    expect(await counts()).toEqual(before);
  });

  it('CATALOGUE_YEAR: refuses an item not valid in the declaration\'s year', async () => {
    expect(errorOf(await add(serviceInput('P5.03', LEAD)))).toMatchObject({ code: 'VALIDATION_FAILED', rules: ['CATALOGUE_YEAR'] });
    expect(errorOf(await add(serviceInput('P5.04', LEAD), { ...KEY, year: 2023 }))).toMatchObject({ rules: ['CATALOGUE_YEAR'] });
    ok(await add(serviceInput('P5.03', LEAD), { ...KEY, year: 2023 }));
  });

  it('NON_NEGATIVE: counts and spending', async () => {
    const result = errorOf(await add(serviceInput('P2.01', LEAD, { capacity: -1, usersServed: -5, spending: '-10.00' })));
    expect(result.rules).toEqual(['NON_NEGATIVE', 'NON_NEGATIVE', 'NON_NEGATIVE']);
    expect(result.fields).toEqual(['service.capacity', 'service.usersServed', 'service.spending']);
    expect(errorOf(await addRow(professionalInput({ headCount: -1, fte: '0.00' })))).toMatchObject({ rules: ['NON_NEGATIVE'], fields: ['professional.headCount'] });
  });

  it('DUPLICATE: the same catalogue item twice in a declaration', async () => {
    const before = await counts();
    const result = errorOf(await add(serviceInput('P3.04', LEAD)));
    expect(result).toMatchObject({ code: 'VALIDATION_FAILED', rules: ['DUPLICATE'], fields: ['service.catalogueCode'] });
    expect(result.message).toContain('updateSiossService');
    expect(await counts()).toEqual(before);
  });

  it('DUPLICATE: two concurrent adds of one item store it once', async () => {
    const results = await Promise.all([add(serviceInput('P1.05', LEAD)), add(serviceInput('P1.05', LEAD))]);
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    expect(errorOf(results.find((result) => result.errors) as any).rules).toEqual(['DUPLICATE']);
  });

  it('REF: the managing body must be registered', async () => {
    expect(errorOf(await add(serviceInput('P2.01', 'NOBODY')))).toMatchObject({ rules: ['REF'], fields: ['service.managingBodyCode'] });
  });

  it('FTE_ABOVE_HEADCOUNT: on add and on update', async () => {
    expect(errorOf(await addRow(professionalInput({ headCount: 2, fte: '2.50' })))).toMatchObject({ code: 'VALIDATION_FAILED', rules: ['FTE_ABOVE_HEADCOUNT'], fields: ['professional.fte'] });
    const row = ok(await addRow(professionalInput({ headCount: 2, fte: '2.00' }))).addSiossProfessional.professional;
    expect(row).toMatchObject({ headCount: 2, fte: '2.00', employerKind: 'COMUNE', contractType: 'PERMANENT', employerBody: null });
    const update = errorOf(await harness.execute(UPDATE_PROFESSIONAL, { input: { id: row.id, professional: professionalInput({ headCount: 1, fte: '1.50' }) } }, me));
    expect(update.rules).toEqual(['FTE_ABOVE_HEADCOUNT']);
    const updated = ok(await harness.execute(UPDATE_PROFESSIONAL, { input: { id: row.id, professional: professionalInput({ headCount: 1, fte: '0.75', employerKind: 'AMBITO_BODY', employerBodyCode: LEAD }) } }, me));
    expect(updated.updateSiossProfessional.professional).toEqual({ id: row.id, headCount: 1, fte: '0.75' });
  });

  it('fund modules: areas of the fund, once, non-negative', async () => {
    const result = errorOf(await harness.execute(SET_FUND, {
      input: { ...KEY, fund: 'FNPS', amounts: [{ areaCode: 'DDN1', amount: '5.00' }, { areaCode: 'M1', amount: '-1.00' }], beneficiaries: [{ sex: 'MALE', ageBand: 'AGE_0_17', count: -3 }] },
    }, me));
    expect(result.rules).toEqual(['REF', 'NON_NEGATIVE', 'NON_NEGATIVE']);
    const module = ok(await harness.execute(SET_FUND, {
      input: { ...KEY, fund: 'DOPO_DI_NOI', amounts: [{ areaCode: 'DDN1', amount: '1200.5' }, { areaCode: 'DDN3', amount: 800 }], beneficiaries: [{ sex: 'FEMALE', ageBand: 'AGE_18_64', count: 4 }, { sex: 'MALE', ageBand: 'AGE_18_64', count: 3 }] },
    }, me)).setSiossFundModule.declaration.fundModules;
    expect(module).toEqual([{
      fund: 'DOPO_DI_NOI', totalAmount: '2000.50', totalBeneficiaries: 7,
      amounts: [{ area: { code: 'DDN1', label: 'Percorsi di deistituzionalizzazione e supporto alla domiciliarita' }, amount: '1200.50' }, { area: { code: 'DDN3', label: 'Soluzioni alloggiative innovative' }, amount: '800.00' }],
      beneficiaries: [{ sex: 'FEMALE', ageBand: 'AGE_18_64', count: 4 }, { sex: 'MALE', ageBand: 'AGE_18_64', count: 3 }],
    }]);
  });

  it('YEAR: declarations from 2019 to the current year only', async () => {
    expect(errorOf(await harness.execute(OPEN, { input: { ...KEY, year: 2018 } }, me))).toMatchObject({ code: 'VALIDATION_FAILED', rules: ['YEAR'] });
    expect(errorOf(await harness.execute(OPEN, { input: { ...KEY, year: 2027 } }, me))).toMatchObject({ rules: ['YEAR'] });
  });

  it('malformed amounts fail at the scalar, unknown rows are NOT_FOUND', async () => {
    expect(errorOf(await add(serviceInput('P2.02', LEAD, { spending: '12.345' }))).code).toBe('BAD_USER_INPUT');
    expect(errorOf(await harness.execute(UPDATE_SERVICE, { input: { ...KEY, service: serviceInput('P2.07', LEAD) } }, me)).code).toBe('NOT_FOUND');
    expect(errorOf(await harness.execute(REMOVE_PROFESSIONAL, { id: 'not-a-uuid' }, me)).code).toBe('NOT_FOUND');
    expect(errorOf(await harness.execute(REMOVE_PROFESSIONAL, { id: '00000000-0000-4000-8000-000000000000' }, me)).code).toBe('NOT_FOUND');
  });

  it('a referent of another Ambito cannot touch this declaration\'s rows', async () => {
    const row = ok(await addRow(professionalInput())).addSiossProfessional.professional;
    const refused = errorOf(await harness.execute(REMOVE_PROFESSIONAL, { id: row.id }, referent('AMB-ELSEWHERE')));
    expect(refused.code).toBe('FORBIDDEN');
  });
});
