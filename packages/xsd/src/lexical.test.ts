import { describe, expect, it } from '@jest/globals';
import { dateProblem, hasNonXmlChar, isUuid, isXsdDecimal, MONTH_YEAR, parseXsdInt, quoteIfSafe, xsdLength } from './lexical.ts';

describe('dateProblem', () => {
  it('accepts real calendar dates in the YYYY-MM-DD form', () => {
    for (const value of ['2024-01-10', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31']) expect(dateProblem(value)).toBeUndefined();
  });

  it('says what is wrong with anything else', () => {
    expect(dateProblem('2024-01-10Z')).toBe('a time zone is not accepted');
    expect(dateProblem('2024-01-10+01:00')).toBe('a time zone is not accepted');
    expect(dateProblem('10/01/2024')).toBe('it is not in the form YYYY-MM-DD');
    expect(dateProblem('2024-1-10')).toBe('it is not in the form YYYY-MM-DD');
    expect(dateProblem('-2024-01-10')).toBe('it is not in the form YYYY-MM-DD');
    expect(dateProblem('2024-01-10T00:00:00')).toBe('it is not in the form YYYY-MM-DD');
    expect(dateProblem('0000-01-01')).toBe('year 0000 does not exist');
    expect(dateProblem('2024-13-01')).toBe('month 13 does not exist');
    expect(dateProblem('2023-02-29')).toBe('day 29 does not exist in 2023-02');
    expect(dateProblem('1900-02-29')).toBe('day 29 does not exist in 1900-02');
    expect(dateProblem('2024-04-31')).toBe('day 31 does not exist in 2024-04');
    expect(dateProblem('2024-04-00')).toBe('day 00 does not exist in 2024-04');
  });
});

describe('xs:decimal and xs:int', () => {
  it('recognises the xs:decimal lexical space, without exponent or comma', () => {
    for (const value of ['1', '-1.5', '+0.50', '1.', '.5', '007']) expect(isXsdDecimal(value)).toBe(true);
    for (const value of ['', '.', '1e3', '1,5', ' 1', '1 ', '--1', 'NaN']) expect(isXsdDecimal(value)).toBe(false);
  });

  it('parses xs:int within 32 bits', () => {
    expect(parseXsdInt('+07')).toBe(7);
    expect(parseXsdInt('-2147483648')).toBe(-2147483648);
    expect(parseXsdInt('2147483647')).toBe(2147483647);
    expect(parseXsdInt('2147483648')).toBeUndefined();
    for (const value of ['', '1.0', '1e2', ' 1', 'x']) expect(parseXsdInt(value)).toBeUndefined();
  });
});

describe('strings', () => {
  it('counts characters as the XSD does (code points)', () => {
    expect(xsdLength('abc')).toBe(3);
    expect(xsdLength('è')).toBe(1);
    expect(xsdLength('😀')).toBe(1);
    expect(xsdLength('a😀b😀')).toBe(4);
    // a lone surrogate (which hasNonXmlChar refuses) counts as one character, like a pair split in two
    expect(xsdLength('\uD83D')).toBe(1);
    expect(xsdLength('\uDE00\uD83D')).toBe(2);
    expect(xsdLength('\uD83D\uD83D\uDE00')).toBe(2);
    expect(xsdLength('')).toBe(0);
  });

  it('finds characters that XML 1.0 cannot carry', () => {
    expect(hasNonXmlChar('Comune di Roma\tè\n')).toBe(false);
    expect(hasNonXmlChar('😀')).toBe(false);
    expect(hasNonXmlChar('a\u0000b')).toBe(true);
    expect(hasNonXmlChar('\u0007')).toBe(true);
    expect(hasNonXmlChar('\uD800')).toBe(true);
    expect(hasNonXmlChar('\uFFFE')).toBe(true);
  });

  it('quotes only values that cannot be personal data', () => {
    expect(quoteIfSafe('2024-13-01')).toBe('"2024-13-01"');
    expect(quoteIfSafe('A2.07')).toBe('"A2.07"');
    expect(quoteIfSafe('H501')).toBe('"H501"');
    expect(quoteIfSafe('RSSMRK66C14H501U')).toBeUndefined();
    expect(quoteIfSafe('Rossi')).toBeUndefined();
    expect(quoteIfSafe('1234567890123')).toBeUndefined();
    expect(quoteIfSafe('1\u00e8')).toBeUndefined();
  });
});

describe('ids and SINBA months', () => {
  it('recognises uuids in any case', () => {
    expect(isUuid('3f1c2a9e-8d4b-4c6f-9a21-5b7e0d1c2f34')).toBe(true);
    expect(isUuid('3F1C2A9E-8D4B-4C6F-9A21-5B7E0D1C2F34')).toBe(true);
    expect(isUuid('3f1c2a9e8d4b4c6f9a215b7e0d1c2f34')).toBe(false);
    expect(isUuid("' or 1=1 --")).toBe(false);
  });

  it('matches DataMeseAnnoType: MM/YYYY, years 19xx and 20xx', () => {
    for (const value of ['01/1990', '12/2024', '09/2023']) expect(MONTH_YEAR.test(value)).toBe(true);
    for (const value of ['00/2024', '13/2024', '1/2024', '01/2124', '01/1899', '2024-01']) expect(MONTH_YEAR.test(value)).toBe(false);
  });
});
