import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADD_SERVICE, FINALISE, fnpsInput, ADD_PROFESSIONAL, ok, OPEN, professionalInput, referent, serviceInput, SET_FUND, setUpAmbito, startHarness, type Harness } from './testing.ts';

const NEARBY = `query($representations: [_Any!]!, $macro: SiossMacroActivity) {
  _entities(representations: $representations) {
    ... on Person { taxCode servicesNearby(macroActivity: $macro) { catalogueCode catalogueItem { label macroActivity } managingBody { code } declaration { year status ambito { code name } } } }
  }
}`;

// Casperia 057012 and Cantalupo 057010 are in AMB-A; Torino 001272 in AMB-B; Milano 015146 in AMB-C (no declaration).
const person = (taxCode: string, comuni: Array<string | null>) => ({ __typename: 'Person', taxCode, residences: comuni.map((comuneCode) => ({ comuneCode })) });

describe('Person.servicesNearby', () => {
  let harness: Harness;

  async function declare(ambitoCode: string, year: number, codes: string[], finalise: boolean): Promise<void> {
    const key = { ambitoCode, year };
    const me = referent(ambitoCode);
    ok(await harness.execute(OPEN, { input: key }, me));
    for (const code of codes) ok(await harness.execute(ADD_SERVICE, { input: { ...key, service: serviceInput(code, `LEAD-${ambitoCode}`) } }, me));
    if (finalise) {
      ok(await harness.execute(ADD_PROFESSIONAL, { input: { ...key, professional: professionalInput() } }, me));
      ok(await harness.execute(SET_FUND, { input: fnpsInput(key) }, me));
      ok(await harness.execute(FINALISE, { input: key }, me));
    }
  }

  beforeAll(async () => {
    harness = await startHarness({ now: new Date('2026-04-01T10:00:00Z') });
    await setUpAmbito(harness, { code: 'AMB-A', regionCode: '12', comuni: ['A472', 'B631'] });
    await setUpAmbito(harness, { code: 'AMB-B', regionCode: '01', comuni: ['L219'] });
    await setUpAmbito(harness, { code: 'AMB-C', regionCode: '03', comuni: ['F205'] });
    await declare('AMB-A', 2024, ['P3.04', 'P2.01'], true);
    await declare('AMB-A', 2025, ['P1.01'], false);
    await declare('AMB-B', 2025, ['P5.04', 'P1.02'], false);
  });
  afterAll(async () => {
    await harness.close();
  });

  const nearby = async (representations: object[], macro?: string) => ok(await harness.execute(NEARBY, { representations, macro }))['_entities'] as any[];

  it('shows the latest finalised declaration of the residence\'s Ambito, not a newer draft', async () => {
    const [result] = await nearby([person('RSSMRA80C15H501M', ['057012'])]);
    expect(result.servicesNearby).toEqual([
      { catalogueCode: 'P2.01', catalogueItem: { label: 'Assistenza domiciliare socio-assistenziale', macroActivity: 'HOME_CARE' }, managingBody: { code: 'LEAD-AMB-A' }, declaration: { year: 2024, status: 'FINALISED', ambito: { code: 'AMB-A', name: 'Ambito AMB-A' } } },
      { catalogueCode: 'P3.04', catalogueItem: { label: 'Centri diurni per anziani', macroActivity: 'EARLY_CHILDHOOD_COMMUNITY' }, managingBody: { code: 'LEAD-AMB-A' }, declaration: { year: 2024, status: 'FINALISED', ambito: { code: 'AMB-A', name: 'Ambito AMB-A' } } },
    ]);
  });

  it('falls back to the latest draft when an Ambito never finalised, and follows every residence in order', async () => {
    const [result] = await nearby([person('RSSMRA80C15H501M', ['001272', '057010', '057012'])]);
    expect(result.servicesNearby.map((service: any) => `${service.declaration.ambito.code}/${service.declaration.year}/${service.declaration.status}/${service.catalogueCode}`))
      .toEqual(['AMB-B/2025/DRAFT/P1.02', 'AMB-B/2025/DRAFT/P5.04', 'AMB-A/2024/FINALISED/P2.01', 'AMB-A/2024/FINALISED/P3.04']);
  });

  it('filters by macro-activity', async () => {
    const [result] = await nearby([person('RSSMRA80C15H501M', ['057012', '001272'])], 'HOME_CARE');
    expect(result.servicesNearby.map((service: any) => service.catalogueCode)).toEqual(['P2.01']);
  });

  it('is empty abroad, outside any Ambito, where no declaration exists, or without residences', async () => {
    const results = await nearby([
      person('RSSMRA80C15H501M', [null]),
      person('BNCGLI75S42F205Y', ['058091']),
      person('BNCGLI75S42F205Y', ['015146']),
      { __typename: 'Person', taxCode: 'SPSNNA41A69F839C' },
    ]);
    expect(results.map((result) => result.servicesNearby)).toEqual([[], [], [], []]);
  });

  it('resolves many persons in a constant number of statements', async () => {
    const one = await harness.sql.measure(() => nearby([person('RSSMRA80C15H501M', ['057012'])]));
    const many = await harness.sql.measure(() => nearby(Array.from({ length: 30 }, (_, index) => person('RSSMRA80C15H501M', [['057012', '001272', '015146'][index % 3] as string]))));
    expect(many.result).toHaveLength(30);
    expect(many.result.filter((result) => result.servicesNearby.length > 0)).toHaveLength(20);
    // Comune memberships, declarations, services, bodies, Ambiti: one statement each.
    expect(one.statements).toHaveLength(5);
    expect(many.statements).toHaveLength(5);
  });
});
