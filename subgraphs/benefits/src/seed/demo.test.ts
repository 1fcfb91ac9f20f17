import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isValidCodiceFiscale } from '@siuss/scalars/codice-fiscale';
import { startHarness, type Harness } from '../testing.ts';
import { DEMO_TAX_CODE, demoRecords, seedDemoData } from './demo.ts';

describe('demo data', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('builds valid codici fiscali, including the one the README shows', () => {
    const taxCodes = new Set(demoRecords().map((record) => record.beneficiario.CodiceFiscale));
    expect(taxCodes.has(DEMO_TAX_CODE)).toBe(true);
    for (const taxCode of taxCodes) expect(isValidCodiceFiscale(taxCode)).toBe(true);
  });

  it('loads only into an empty database', async () => {
    const loaded = await seedDemoData(harness.orm.em);
    expect(loaded).toBe(demoRecords().length);
    expect(await seedDemoData(harness.orm.em)).toBe(0);
    const result = await harness.execute(`{ person(taxCode: "${DEMO_TAX_CODE}") { surname name benefits(first: 10) { totalCount } } }`);
    expect(result.data?.person).toEqual({ surname: 'ROSSI', name: 'MARIO', benefits: { totalCount: 4 } });
  });
});
