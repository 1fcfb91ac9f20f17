import { describe, expect, it } from '@jest/globals';
import { allCatalogueItems, allFundAreas, catalogueForYear, catalogueItemInYear, MACRO_ACTIVITIES, parseCatalogue } from './catalogue.ts';

const HEADER = 'code,label,macro_activity,valid_from,valid_to,status,source\n';

describe('SIOSS service catalogue (reference data)', () => {
  it('ships only provisional items, each in a known macro-activity and with a source', () => {
    const items = allCatalogueItems();
    expect(items.length).toBeGreaterThan(20);
    for (const item of items) {
      expect(item.status).toBe('provisional');
      expect(item.code).toMatch(/^P[1-5]\.\d{2}$/);
      expect(MACRO_ACTIVITIES).toContain(item.macroActivity);
      expect(item.source).toMatch(/PLACEHOLDER/);
    }
    for (const macroActivity of MACRO_ACTIVITIES) expect(items.some((item) => item.macroActivity === macroActivity)).toBe(true);
  });

  it('gives each year the items whose validity overlaps it', () => {
    const in2023 = catalogueForYear(2023).map((item) => item.code);
    const in2024 = catalogueForYear(2024).map((item) => item.code);
    expect(in2023).toContain('P5.03');
    expect(in2023).not.toContain('P5.04');
    expect(in2024).toContain('P5.04');
    expect(in2024).not.toContain('P5.03');
    expect(catalogueForYear(2018)).toEqual([]);
  });

  it('picks the version of a code valid in a year, the latest when the label changed that year', () => {
    const items = parseCatalogue(`${HEADER}X1,Old label,HOME_CARE,2019-01-01,2022-06-30,provisional,test\nX1,New label,HOME_CARE,2022-07-01,,provisional,test\n`);
    expect(catalogueItemInYear('X1', 2021, items)?.label).toBe('Old label');
    expect(catalogueItemInYear('X1', 2022, items)?.label).toBe('New label');
    expect(catalogueForYear(2022, items).map((item) => item.label)).toEqual(['New label']);
    expect(catalogueItemInYear('X1', 2018, items)).toBeUndefined();
  });

  it('refuses a file with overlapping versions, an unknown macro-activity or a bad status', () => {
    expect(() => parseCatalogue(`${HEADER}X1,a,HOME_CARE,2019-01-01,2022-12-31,provisional,t\nX1,b,HOME_CARE,2022-12-31,,provisional,t\n`)).toThrow(/overlap/);
    expect(() => parseCatalogue(`${HEADER}X1,a,GARDENING,2019-01-01,,provisional,t\n`)).toThrow(/macro_activity/);
    expect(() => parseCatalogue(`${HEADER}X1,a,HOME_CARE,2019-01-01,,official-ish,t\n`)).toThrow(/status/);
    expect(() => parseCatalogue(`${HEADER}X1,a,HOME_CARE,01/01/2019,,provisional,t\n`)).toThrow(/YYYY-MM-DD/);
  });

  it('lists the FNPS areas as the five macrolivelli (seen) and the other funds as provisional', () => {
    const fnps = allFundAreas().filter((area) => area.fund === 'FNPS');
    expect(fnps.map((area) => area.code)).toEqual(['M1', 'M2', 'M3', 'M4', 'M5']);
    expect(fnps.every((area) => area.status === 'seen')).toBe(true);
    expect(allFundAreas().filter((area) => area.fund !== 'FNPS').every((area) => area.status === 'provisional')).toBe(true);
  });
});
