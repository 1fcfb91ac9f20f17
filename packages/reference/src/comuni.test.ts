import { describe, expect, it } from '@jest/globals';
import { allComuni, comuneByBelfiore, comuneByIstat, isForeignStateCode } from './comuni.ts';

describe('Comuni reference data', () => {
  it('finds Roma by Belfiore code H501, with its ISTAT, province and region', () => {
    expect(comuneByBelfiore('H501')).toEqual({
      istatCode: '058091',
      belfioreCode: 'H501',
      name: 'Roma',
      provinceCode: '058',
      provinceAbbreviation: 'RM',
      provinceName: 'Roma',
      regionCode: '12',
      regionName: 'Lazio',
      population2011: 2617175,
    });
  });

  it('looks up Belfiore codes case-insensitively', () => {
    expect(comuneByBelfiore('a351')?.name).toBe('Aragona');
    expect(comuneByBelfiore('A351')?.istatCode).toBe('084003');
  });

  it('finds a Comune by ISTAT code, leading zeros included', () => {
    expect(comuneByIstat('068001')).toMatchObject({ name: 'Abbateggio', belfioreCode: 'A008', regionName: 'Abruzzo' });
    expect(comuneByIstat('058091')?.belfioreCode).toBe('H501');
    expect(comuneByIstat('68001')).toBeUndefined();
  });

  it('gives undefined for unknown codes', () => {
    expect(comuneByIstat('999999')).toBeUndefined();
    expect(comuneByIstat('')).toBeUndefined();
    expect(comuneByBelfiore('Z404')).toBeUndefined();
    expect(comuneByBelfiore('H5010')).toBeUndefined();
  });

  it('holds all 7904 Comuni of 2020-01-01, sorted by ISTAT code, with unique codes', () => {
    const comuni = allComuni();
    expect(comuni).toHaveLength(7904);
    const istat = comuni.map((c) => c.istatCode);
    expect([...istat].sort()).toEqual(istat);
    expect(new Set(istat).size).toBe(7904);
    expect(new Set(comuni.map((c) => c.belfioreCode)).size).toBe(7904);
    for (const comune of comuni) {
      expect(comune.istatCode).toMatch(/^\d{6}$/);
      expect(comune.belfioreCode).toMatch(/^[A-Y]\d{3}$/);
      expect(comune.regionCode).toMatch(/^\d{2}$/);
    }
  });

  it('returns shared, frozen data', () => {
    expect(allComuni()).toBe(allComuni());
    expect(Object.isFrozen(allComuni())).toBe(true);
    expect(Object.isFrozen(comuneByBelfiore('H501'))).toBe(true);
  });

  it('recognises the shape of foreign-state Belfiore codes', () => {
    expect(isForeignStateCode('Z404')).toBe(true);
    expect(isForeignStateCode('z112')).toBe(true);
    expect(isForeignStateCode('H501')).toBe(false);
    expect(isForeignStateCode('Z40')).toBe(false);
    expect(isForeignStateCode('Z4041')).toBe(false);
  });
});
