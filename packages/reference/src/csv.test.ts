import { describe, expect, it } from '@jest/globals';
import { parseCsv, parseCsvRecords, toCsvLine } from './csv.ts';

describe('parseCsv', () => {
  it('splits plain fields and records, with or without a trailing line break', () => {
    expect(parseCsv('a,b,c\n1,2,3')).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
    expect(parseCsv('a,b,c\n1,2,3\n')).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
  });

  it('accepts CRLF line endings', () => {
    expect(parseCsv('a,b\r\n1,2\r\n')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('drops a leading BOM', () => {
    expect(parseCsv('\uFEFFcode,label\nA1.01,x\n')).toEqual([['code', 'label'], ['A1.01', 'x']]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(parseCsv(',a,\n,,')).toEqual([['', 'a', ''], ['', '', '']]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text = 'label,note\r\n"Agevolazioni (telefono, luce, gas)","detto ""sociale""\r\nsu due righe"\r\n"",x\r\n';
    expect(parseCsv(text)).toEqual([
      ['label', 'note'],
      ['Agevolazioni (telefono, luce, gas)', 'detto "sociale"\r\nsu due righe'],
      ['', 'x'],
    ]);
  });

  it('keeps a quoted field that ends the text without a line break', () => {
    expect(parseCsv('a,"b"')).toEqual([['a', 'b']]);
    expect(parseCsv('a,""')).toEqual([['a', '']]);
  });

  it('gives no rows for empty text, and a blank line in the middle is one empty field', () => {
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\uFEFF')).toEqual([]);
    expect(parseCsv('a\n\nb\n')).toEqual([['a'], [''], ['b']]);
  });

  it('names the line where an unterminated quote opened', () => {
    expect(() => parseCsv('a,b\n"x\ny,z\n')).toThrow(/line 2: unterminated quoted field/);
  });

  it('rejects malformed quoting instead of guessing', () => {
    expect(() => parseCsv('a,b"c\n')).toThrow(/line 1: a quote inside an unquoted field/);
    expect(() => parseCsv('a\n"b"c\n')).toThrow(/line 2: unexpected character "c" after a closing quote/);
  });
});

describe('parseCsvRecords', () => {
  it('keys each record by the header, skipping blank lines', () => {
    expect(parseCsvRecords('code,label\nA1.01,"Assegno, nucleo"\n\nZ9.99,Altro\n')).toEqual([
      { code: 'A1.01', label: 'Assegno, nucleo' },
      { code: 'Z9.99', label: 'Altro' },
    ]);
  });

  it('gives no records for empty text or a header alone', () => {
    expect(parseCsvRecords('')).toEqual([]);
    expect(parseCsvRecords('code,label\n')).toEqual([]);
  });

  it('names the line of a record whose field count differs from the header', () => {
    expect(() => parseCsvRecords('a,b\n"1\n2",3\n4\n')).toThrow(/line 4: 1 fields, but the header has 2/);
  });

  it('rejects duplicate and empty column names', () => {
    expect(() => parseCsvRecords('a,a\n1,2\n')).toThrow(/duplicate column name "a"/);
    expect(() => parseCsvRecords('a,\n1,2\n')).toThrow(/empty column name/);
  });
});

describe('toCsvLine', () => {
  it('quotes only the values that need it', () => {
    expect(toCsvLine(['A1.01', 'Roma', ''])).toBe('A1.01,Roma,');
    expect(toCsvLine(['a,b', 'say "hi"', 'two\nlines', "d'Aosta"])).toBe('"a,b","say ""hi""","two\nlines",d\'Aosta');
  });

  it('round-trips through parseCsv', () => {
    const rows = [['x', 'a,b', '"q"', ''], ['line\r\nbreak', ' spaced ', 'Südtirol', '"']];
    expect(parseCsv(rows.map(toCsvLine).join('\r\n'))).toEqual(rows);
  });
});
