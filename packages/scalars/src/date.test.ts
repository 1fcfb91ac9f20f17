import { describe, expect, it } from '@jest/globals';
import { Kind } from 'graphql';
import { DateScalar } from './date.ts';

describe('DateScalar', () => {
  it('is named Date and keeps dates as YYYY-MM-DD strings', () => {
    expect(DateScalar.name).toBe('Date');
    expect(DateScalar.parseValue('2024-02-29')).toBe('2024-02-29');
    expect(DateScalar.serialize('2024-01-10')).toBe('2024-01-10');
    expect(DateScalar.parseLiteral({ kind: Kind.STRING, value: '2024-12-31' })).toBe('2024-12-31');
  });

  it('refuses what is not a calendar date', () => {
    expect(() => DateScalar.parseValue('2023-02-29')).toThrow();
    expect(() => DateScalar.parseValue('2024-01-10T00:00:00Z')).toThrow();
    expect(() => DateScalar.parseValue(20240110)).toThrow();
  });
});
