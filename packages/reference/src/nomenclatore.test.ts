import { describe, expect, it } from '@jest/globals';
import { MACRO_AREA_LABELS, allBenefitCodes, benefitCodeOn, benefitCodeVersions } from './nomenclatore.ts';

describe('benefit nomenclatore', () => {
  it('has A2.16 valid on the date of the official INPS example (2015-08-13)', () => {
    expect(benefitCodeOn('A2.16', '2015-08-13')).toMatchObject({
      code: 'A2.16',
      label: 'Interventi di supporto per reperimento alloggi',
      macroArea: 'A2',
      status: 'seen-in-test-data',
    });
  });

  it('has A1.05.01 only for 2021 and 2022', () => {
    expect(benefitCodeOn('A1.05.01', '2021-06-01')?.validTo).toBe('2022-12-31');
    expect(benefitCodeOn('A1.05.01', '2022-12-31')).toBeDefined();
    expect(benefitCodeOn('A1.05.01', '2020-12-31')).toBeUndefined();
    expect(benefitCodeOn('A1.05.01', '2023-01-01')).toBeUndefined();
  });

  it('gives undefined for an unknown code, and no versions', () => {
    expect(benefitCodeOn('A1.99', '2022-01-01')).toBeUndefined();
    expect(benefitCodeOn('a2.16', '2022-01-01')).toBeUndefined();
    expect(benefitCodeVersions('A1.99')).toEqual([]);
  });

  it('rejects a malformed date instead of comparing it as a string', () => {
    expect(() => benefitCodeOn('A2.16', '13/08/2015')).toThrow(RangeError);
    expect(() => benefitCodeOn('A2.16', '2015-02-30')).toThrow(RangeError);
    for (const date of ['2015-02-29', '2100-02-29', '2015-04-31', '2015-13-01', '2015-00-10', '2015-01-00', '2015-01-32', '2015-1-10', '2015-01-10Z']) {
      expect(() => benefitCodeOn('A2.16', date)).toThrow(RangeError);
    }
    for (const date of ['2016-02-29', '2000-02-29', '0000-02-29', '2015-12-31', '9999-12-31']) {
      expect(() => benefitCodeOn('A2.16', date)).not.toThrow();
    }
  });

  it('keeps a null label where no source gave it', () => {
    expect(benefitCodeVersions('A2.14')).toEqual([
      { code: 'A2.14', label: null, macroArea: 'A2', validFrom: '2015-01-01', validTo: null, status: 'seen', source: expect.any(String) },
    ]);
  });

  it('has codes of 5..10 characters (XSD facet) whose first level is the macro area', () => {
    const rows = allBenefitCodes();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.code.length).toBeGreaterThanOrEqual(5);
      expect(row.code.length).toBeLessThanOrEqual(10);
      expect(row.code).toMatch(/^[AZ]\d\.\d{2}(\.\d{2})?$/);
      expect(row.code.startsWith(`${row.macroArea}.`)).toBe(true);
      expect(MACRO_AREA_LABELS[row.macroArea]).toBeDefined();
    }
  });

  it('has no duplicate (code, valid_from) and no overlapping periods of one code', () => {
    const keys = allBenefitCodes().map((row) => `${row.code}|${row.validFrom ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const code of new Set(allBenefitCodes().map((row) => row.code))) {
      const versions = benefitCodeVersions(code);
      versions.slice(1).forEach((row, i) => {
        const previousEnd = versions[i]?.validTo;
        expect(previousEnd).not.toBeNull();
        expect(row.validFrom! > previousEnd!).toBe(true);
      });
    }
  });

  it('holds the 36 codes of the PSA table from 2015 and the later codes from their own dates', () => {
    const psa = allBenefitCodes().filter((row) => row.source.startsWith('ISEE-WS'));
    expect(psa).toHaveLength(36);
    expect(psa.every((row) => row.validFrom === '2015-01-01' && row.validTo === null)).toBe(true);
    expect(benefitCodeOn('A1.04.03', '2021-12-31')).toBeUndefined();
    expect(benefitCodeOn('A1.04.03', '2022-01-01')).toBeDefined();
    expect(benefitCodeOn('A1.06.01', '2020-03-01')?.status).toBe('unverified');
    expect(benefitCodeOn('A9.02.04', '2022-01-01')?.macroArea).toBe('A9');
  });
});
