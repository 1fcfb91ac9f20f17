import { describe, expect, it } from '@jest/globals';
import { graphql, GraphQLNonNull, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { canonicalMoney, DecimalScalar, formatCents, MoneyError, MoneyScalar, parseMoney } from './money.ts';

describe('parseMoney', () => {
  it('parses xs:decimal strings to integer cents', () => {
    expect(parseMoney('101.23')).toBe(10123n);
    expect(parseMoney('0.0')).toBe(0n);
    expect(parseMoney('17000.0')).toBe(1700000n);
    expect(parseMoney('-5.00')).toBe(-500n);
    expect(parseMoney('+5.5')).toBe(550n);
    expect(parseMoney('12')).toBe(1200n);
    expect(parseMoney('.5')).toBe(50n);
    expect(parseMoney('7.')).toBe(700n);
  });

  it('allows trailing zeros beyond two decimals but not a third significant decimal', () => {
    expect(parseMoney('1.230')).toBe(123n);
    expect(parseMoney('1.2300000')).toBe(123n);
    expect(() => parseMoney('1.234')).toThrow(/at most 2 decimal places, got 3/);
    expect(() => parseMoney('0.001')).toThrow(MoneyError);
  });

  it('allows up to 10 integer digits, not counting leading zeros', () => {
    expect(parseMoney('9999999999.99')).toBe(999999999999n);
    expect(parseMoney('-9999999999.99')).toBe(-999999999999n);
    expect(parseMoney('000000000012.50')).toBe(1250n);
    expect(() => parseMoney('10000000000')).toThrow(/at most 10 digits before the decimal point, got 11/);
  });

  it('rejects exponent notation, empty strings and non-numbers', () => {
    expect(() => parseMoney('1e3')).toThrow(/exponent notation/);
    expect(() => parseMoney('')).toThrow(/empty/);
    expect(() => parseMoney('NaN')).toThrow(/not a decimal number/);
    expect(() => parseMoney(' 1.00')).toThrow(/not a decimal number/);
    expect(() => parseMoney('1,00')).toThrow(/not a decimal number/);
    expect(() => parseMoney('.')).toThrow(/not a decimal number/);
    expect(() => parseMoney('--1')).toThrow(/not a decimal number/);
    expect(() => parseMoney(10n as unknown as string)).toThrow(/of type bigint/);
  });

  it('reads numbers through their shortest string form', () => {
    expect(parseMoney(101.23)).toBe(10123n);
    expect(parseMoney(-0.5)).toBe(-50n);
    expect(parseMoney(12)).toBe(1200n);
    expect(parseMoney(-0)).toBe(0n);
    expect(() => parseMoney(0.1 + 0.2)).toThrow(/decimal places/);
    expect(() => parseMoney(1e21)).toThrow(/exponent notation/);
    expect(() => parseMoney(1e-7)).toThrow(/exponent notation/);
    expect(() => parseMoney(Number.NaN)).toThrow(MoneyError);
    expect(() => parseMoney(Number.POSITIVE_INFINITY)).toThrow(MoneyError);
  });

  it('throws MoneyError naming the input', () => {
    const error = (() => {
      try {
        parseMoney('12.345');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(MoneyError);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('MoneyError');
    expect((error as Error).message).toContain('"12.345"');
  });
});

describe('formatCents', () => {
  it('always writes two decimals', () => {
    expect(formatCents(12340n)).toBe('123.40');
    expect(formatCents(-50n)).toBe('-0.50');
    expect(formatCents(0n)).toBe('0.00');
    expect(formatCents(7n)).toBe('0.07');
    expect(formatCents(-1700000n)).toBe('-17000.00');
    expect(formatCents(999999999999n)).toBe('9999999999.99');
  });

  it('round-trips with parseMoney', () => {
    for (const text of ['0.00', '-0.01', '101.23', '9999999999.99']) {
      expect(formatCents(parseMoney(text))).toBe(text);
    }
  });
});

describe('canonicalMoney', () => {
  /** What canonicalMoney stands for: the canonical string of the parsed cents, or the same MoneyError. */
  const reference = (input: string | number): string => {
    try {
      return formatCents(parseMoney(input));
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  };
  const actual = (input: string | number): string => {
    try {
      return canonicalMoney(input);
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  };

  it('returns a canonical amount as it is and normalises any other', () => {
    expect(canonicalMoney('101.23')).toBe('101.23');
    expect(canonicalMoney('0.05')).toBe('0.05');
    expect(canonicalMoney('101.2')).toBe('101.20');
    expect(canonicalMoney('+0012')).toBe('12.00');
    expect(canonicalMoney('-0.00')).toBe('0.00');
    expect(canonicalMoney('.5')).toBe('0.50');
    expect(canonicalMoney(7.5)).toBe('7.50');
    expect(() => canonicalMoney('1,50')).toThrow(MoneyError);
  });

  it('agrees with formatCents(parseMoney(...)) on values and errors', () => {
    const inputs: Array<string | number> = [
      '', '.', '-', '+.', '0', '00', '0.0', '0.00', '0.000', '-0', '+0.5', '5.', '1.234', '1.230', '01.00', '0123.45', '-5.00', '-0.01',
      '9999999999.99', '10000000000.00', '00000000001.10', '12345678901', '1e3', '1,00', ' 5', '5 ', '0x10', 'NaN', '1.2.3',
      0, -0, 0.1 + 0.2, 1e21, 12.5, -3, 9999999999.99,
    ];
    for (let n = 0; n < 2000; n++) inputs.push(`${n % 3 === 0 ? '-' : ''}${(n * 7919) % 100000}.${String(n % 1000).padStart(n % 4, '0')}`);
    for (const input of inputs) expect([input, actual(input)]).toEqual([input, reference(input)]);
  });
});

describe('MoneyScalar and DecimalScalar', () => {
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        amount: {
          type: MoneyScalar,
          args: { value: { type: new GraphQLNonNull(MoneyScalar) } },
          resolve: (_root, args: { value: string }) => args.value,
        },
        hours: {
          type: DecimalScalar,
          args: { value: { type: new GraphQLNonNull(DecimalScalar) } },
          resolve: (_root, args: { value: string }) => args.value,
        },
        storedAmount: { type: MoneyScalar, resolve: () => '101.2000' },
        storedNumber: { type: MoneyScalar, resolve: () => 17000 },
        corruptAmount: { type: MoneyScalar, resolve: () => '1.23456' },
      },
    }),
  });

  it('have their GraphQL names and descriptions', () => {
    expect(MoneyScalar.name).toBe('Money');
    expect(MoneyScalar.description).toMatch(/euro.*at most two decimals.*"101.23".*never a float/s);
    expect(DecimalScalar.name).toBe('Decimal');
    expect(DecimalScalar.description).toMatch(/not money.*hours.*10 integer digits and 2 decimals/s);
  });

  it('normalise valid string, int and float literals', async () => {
    const result = await graphql({
      schema,
      source: '{ a: amount(value: "101.2") b: amount(value: 12) c: amount(value: -0.5) d: hours(value: 37.50) e: amount(value: "1.230") }',
    });
    expect(result).toEqual({ data: { a: '101.20', b: '12.00', c: '-0.50', d: '37.50', e: '1.23' } });
  });

  it('normalise valid string and number variables', async () => {
    const result = await graphql({
      schema,
      source: 'query ($m: Money!, $n: Money!, $h: Decimal!) { m: amount(value: $m) n: amount(value: $n) h: hours(value: $h) }',
      variableValues: { m: '17000.0', n: 101.23, h: '8' },
    });
    expect(result).toEqual({ data: { m: '17000.00', n: '101.23', h: '8.00' } });
  });

  it('reject invalid literals with BAD_USER_INPUT', async () => {
    for (const source of [
      '{ amount(value: "1.234") }',
      '{ amount(value: 1e3) }',
      '{ amount(value: "") }',
      '{ amount(value: 12345678901) }',
      '{ amount(value: true) }',
      '{ hours(value: "abc") }',
      '{ hours(value: 0.125) }',
    ]) {
      const result = await graphql({ schema, source });
      expect([source, result.data]).toEqual([source, undefined]);
      expect([source, result.errors?.[0]?.extensions['code']]).toEqual([source, 'BAD_USER_INPUT']);
    }
  });

  it('reject invalid variables with BAD_USER_INPUT and say what is wrong', async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['Money', '1.234', /at most 2 decimal places/],
      ['Money', 0.1 + 0.2, /at most 2 decimal places/],
      ['Money', 'NaN', /not a decimal number/],
      ['Money', true, /of type boolean/],
      ['Decimal', '1e2', /exponent notation/],
    ];
    for (const [type, value, message] of cases) {
      const field = type === 'Money' ? 'amount' : 'hours';
      const result = await graphql({ schema, source: `query ($v: ${type}!) { ${field}(value: $v) }`, variableValues: { v: value } });
      expect(result.data).toBeUndefined();
      expect(result.errors?.[0]?.extensions['code']).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(message);
    }
  });

  it('serialize stored strings and numbers canonically', async () => {
    expect(await graphql({ schema, source: '{ storedAmount storedNumber }' })).toEqual({
      data: { storedAmount: '101.20', storedNumber: '17000.00' },
    });
    expect(MoneyScalar.serialize('-5')).toBe('-5.00');
  });

  it('report an unrepresentable stored value without blaming the caller', async () => {
    const result = await graphql({ schema, source: '{ corruptAmount }' });
    expect(result.data).toEqual({ corruptAmount: null });
    expect(result.errors?.[0]?.message).toMatch(/at most 2 decimal places/);
    expect(result.errors?.[0]?.extensions['code']).toBeUndefined();
  });
});
