import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { isValidCodiceFiscale } from '@siuss/scalars/codice-fiscale';
import { startHarness, type Harness } from '../testing.ts';
import { DEMO_TAX_CODE, demoRecords, seedDemoData } from './demo.ts';

/** The demo DSUs as `demo-dsus.json` lists them; mocks/src/isee/isee.test.ts checks the same file against the ISEE generator. */
interface DemoDsu {
  taxCode: string;
  code: string;
  applicationProtocol: string;
  benefitDate: string;
  dsu: { number: string; year: number; date: string };
  validOnBenefitDate: boolean;
}
const DEMO_DSUS = JSON.parse(readFileSync(new URL('./demo-dsus.json', import.meta.url), 'utf8')) as DemoDsu[];

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

  it('carries exactly the DSUs listed in demo-dsus.json, with their benefit dates', () => {
    const carried = demoRecords()
      .filter((record) => record.prestazione.NumeroProtocolloDSU !== undefined)
      .map(({ beneficiario, prestazione }) => ({
        taxCode: beneficiario.CodiceFiscale,
        code: prestazione.CodicePrestazione,
        applicationProtocol: prestazione.ProtocolloDomanda,
        benefitDate: prestazione.DataInizioPrestazione ?? prestazione.DataErogazionePrestazione,
        dsu: { number: prestazione.NumeroProtocolloDSU, year: Number(prestazione.AnnoProtocolloDSU), date: prestazione.DataDSU },
      }));
    expect(carried).toEqual(DEMO_DSUS.map(({ taxCode, code, applicationProtocol, benefitDate, dsu }) => ({ taxCode, code, applicationProtocol, benefitDate, dsu })));
    // Every benefit means-tested by ISEE names its DSU.
    for (const record of demoRecords()) {
      if (record.prestazione.PresenzaProvaMezzi === '1') expect(record.prestazione.NumeroProtocolloDSU).toMatch(/^INPS-ISEE-\d{4}-\d{8}[A-Z]-\d{2}$/);
    }
  });

  it('loads only into an empty database', async () => {
    const loaded = await seedDemoData(harness.orm.em);
    expect(loaded).toBe(demoRecords().length);
    expect(await seedDemoData(harness.orm.em)).toBe(0);
    const result = await harness.execute(`{ person(taxCode: "${DEMO_TAX_CODE}") { surname name benefits(first: 10) { totalCount } } }`);
    expect(result.data?.person).toEqual({ surname: 'ROSSI', name: 'MARIO', benefits: { totalCount: 4 } });
  });
});
