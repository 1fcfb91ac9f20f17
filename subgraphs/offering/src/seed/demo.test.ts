import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isValidCodiceFiscale } from '@siuss/scalars/codice-fiscale';
import { ok, startHarness, type Harness } from '../testing.ts';
import { demoOperatorTaxCode, seedDemoData } from './demo.ts';

const OVERVIEW = `{
  siossAmbiti { code managementForm leadBody { code } population { residents } comuni { belfioreCode } agreements { parties { code } }
    declarations { year status late missingSections { field } services { catalogueCode } } }
  siossComparison(year: 2025) { ambiti { ambito { code } socialWorkers { meetsLep headCount excludedHeadCount } } }
}`;

describe('demo data', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ now: new Date('2026-11-22T10:00:00Z') });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('builds a valid operator codice fiscale', () => {
    expect(isValidCodiceFiscale(demoOperatorTaxCode())).toBe(true);
  });

  it('loads only into an empty database, covering the demo persons\' Comuni with a previous-year declaration', async () => {
    const now = () => harness.clock.now;
    expect(await seedDemoData(harness.orm.em, { deadline: harness.deadline, now })).toBe(5);
    expect(await seedDemoData(harness.orm.em, { deadline: harness.deadline, now })).toBe(0);
    const { siossAmbiti, siossComparison } = ok(await harness.execute(OVERVIEW));
    expect(siossAmbiti.map((ambito: any) => ambito.code)).toEqual(['AMB-MILANO', 'AMB-NAPOLI', 'AMB-ROMA', 'AMB-SABINA', 'AMB-TORINO']);
    const members = siossAmbiti.flatMap((ambito: any) => ambito.comuni.map((comune: any) => comune.belfioreCode));
    expect(members).toEqual(expect.arrayContaining(['H501', 'F205', 'F839', 'L219']));
    for (const ambito of siossAmbiti) {
      expect(ambito.leadBody).not.toBeNull();
      expect(ambito.declarations).toHaveLength(1);
      expect(ambito.declarations[0]).toMatchObject({ year: 2025, late: false, missingSections: [] });
      expect(ambito.declarations[0].services.length).toBeGreaterThan(3);
    }
    const sabina = siossAmbiti.find((ambito: any) => ambito.code === 'AMB-SABINA');
    expect(sabina).toMatchObject({ managementForm: 'ASSOCIATED_ALL', population: { residents: 6185 }, declarations: [{ status: 'DRAFT' }] });
    expect(sabina.comuni).toHaveLength(7);
    expect(sabina.agreements[0].parties.length).toBeGreaterThanOrEqual(2);
    expect(siossComparison.ambiti.map((entry: any) => `${entry.ambito.code}:${entry.socialWorkers.meetsLep}`))
      .toEqual(['AMB-MILANO:false', 'AMB-NAPOLI:false', 'AMB-ROMA:true', 'AMB-TORINO:true']);
    // Only permanent social workers of the Comuni count: Roma's 60 fixed-term and Napoli's 12 agency ones do not.
    expect(siossComparison.ambiti.map((entry: any) => [entry.ambito.code, entry.socialWorkers.headCount, entry.socialWorkers.excludedHeadCount]))
      .toEqual([['AMB-MILANO', 240, 0], ['AMB-NAPOLI', 150, 12], ['AMB-ROMA', 540, 60], ['AMB-TORINO', 196, 0]]);
  });
});
