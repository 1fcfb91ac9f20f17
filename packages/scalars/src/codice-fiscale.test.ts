import { describe, expect, it } from '@jest/globals';
import { graphql, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import pkg from 'codice-fiscale-js';
import { CodiceFiscaleScalar, checkCharacter, composeCodiceFiscale, isValidCodiceFiscale, validateCodiceFiscale } from './codice-fiscale.ts';

// The runtime CommonJS export is { CodiceFiscale }, unlike what the bundled typings say.
const { CodiceFiscale } = pkg as unknown as { CodiceFiscale: { getCheckCode(first15: string): string } };

/** A 16-character code with the check character the library computes for `first15`. */
function withCheck(first15: string): string {
  return first15 + CodiceFiscale.getCheckCode(first15);
}

const OMOCODIA: Record<string, string> = { 0: 'L', 1: 'M', 2: 'N', 3: 'P', 4: 'Q', 5: 'R', 6: 'S', 7: 'T', 8: 'U', 9: 'V' };

/** Replaces the rightmost `count` omocodia-eligible digits with letters and recomputes the check character. */
function omocode(cf: string, count: number): string {
  const chars = cf.slice(0, 15).split('');
  for (const position of [14, 13, 12, 10, 9, 7, 6].slice(0, count)) {
    chars[position] = OMOCODIA[chars[position] ?? ''] ?? '?';
  }
  return withCheck(chars.join(''));
}

/** Textbook Luhn over all digits (check digit included), independent of the implementation under test. */
function luhnValid(digits: string): boolean {
  let sum = 0;
  [...digits].reverse().forEach((char, i) => {
    const n = Number(char) * (i % 2 === 1 ? 2 : 1);
    sum += n > 9 ? n - 9 : n;
  });
  return sum % 10 === 0;
}

function reasonOf(input: string): string {
  const result = validateCodiceFiscale(input);
  if (result.valid) throw new Error(`expected ${input} to be invalid`);
  return result.reason;
}

describe('validateCodiceFiscale: natural persons', () => {
  it('accepts codes with a correct check character', () => {
    expect(validateCodiceFiscale('RSSMRK66C14H501U')).toEqual({ valid: true, value: 'RSSMRK66C14H501U', kind: 'PERSON', omocode: false });
    expect(validateCodiceFiscale('XXXXXX80P20B501B')).toEqual({ valid: true, value: 'XXXXXX80P20B501B', kind: 'PERSON', omocode: false });
  });

  it('rejects a wrong check character', () => {
    expect(CodiceFiscale.getCheckCode('AAABBB39M66A351')).toBe('T');
    expect(CodiceFiscale.getCheckCode('CCCDDD25A42H199')).toBe('E');
    expect(reasonOf('AAABBB39M66A351C')).toMatch(/check character/);
    expect(reasonOf('CCCDDD25A42H199X')).toMatch(/check character/);
    expect(isValidCodiceFiscale('AAABBB39M66A351T')).toBe(true);
    expect(isValidCodiceFiscale('CCCDDD25A42H199E')).toBe(true);
    expect(reasonOf('RSSMRK66C14H501A')).toMatch(/check character/);
  });

  it('accepts lowercase and surrounding spaces, normalising the value', () => {
    expect(validateCodiceFiscale('  rssmrk66c14h501u ')).toMatchObject({ valid: true, value: 'RSSMRK66C14H501U' });
  });

  it('accepts omocodia variants and flags them', () => {
    for (const count of [1, 3, 7]) {
      const variant = omocode('RSSMRK66C14H501U', count);
      expect(validateCodiceFiscale(variant)).toEqual({ valid: true, value: variant, kind: 'PERSON', omocode: true });
      expect(validateCodiceFiscale(variant.toLowerCase())).toMatchObject({ valid: true, value: variant, omocode: true });
    }
    expect(omocode('RSSMRK66C14H501U', 7)).toBe(`RSSMRKSSCMQHRLM${CodiceFiscale.getCheckCode('RSSMRKSSCMQHRLM')}`);
  });

  it('rejects an omocodia variant whose check character was not recomputed', () => {
    expect(reasonOf('RSSMRK66C14H50MU')).toMatch(/check character/);
  });

  it('rejects letters outside LMNPQRSTUV in numeric positions', () => {
    expect(reasonOf(withCheck('RSSMRK6AC14H501'))).toMatch(/characters 7-8/);
    expect(reasonOf(withCheck('RSSMRK66C14H5W1'))).toMatch(/characters 13-15/);
  });

  it('accepts days 01-31 for men and 41-71 for women', () => {
    for (const day of ['01', '31', '41', '54', '71']) {
      expect(isValidCodiceFiscale(withCheck(`RSSMRA66C${day}H501`))).toBe(true);
    }
  });

  it('rejects days outside 01-31 and 41-71 even with a correct check character', () => {
    for (const day of ['00', '32', '40', '72', '99']) {
      expect(reasonOf(withCheck(`RSSMRK66C${day}H501`))).toMatch(/day of birth/);
    }
  });

  it('decodes omocodia before checking the day', () => {
    expect(isValidCodiceFiscale(withCheck('RSSMRK66CMQH501'))).toBe(true); // day 14
    expect(reasonOf(withCheck('RSSMRK66CPNH501'))).toMatch(/day of birth/); // day 32
  });

  it('rejects a month letter outside ABCDEHLMPRST', () => {
    expect(isValidCodiceFiscale(withCheck('RSSMRK66T14H501'))).toBe(true);
    expect(reasonOf(withCheck('RSSMRK66Z14H501'))).toMatch(/month of birth.*ABCDEHLMPRST/);
    expect(reasonOf(withCheck('RSSMRK66F14H501'))).toMatch(/month of birth/);
  });

  it('rejects digits where letters belong', () => {
    expect(reasonOf(withCheck('RSSMR166C14H501'))).toMatch(/characters 1-6/);
    expect(reasonOf(withCheck('RSSMRK66C141501'))).toMatch(/character 12/);
    expect(reasonOf('RSSMRK66C14H5011')).toMatch(/character 16/);
  });

  it('rejects wrong lengths and explains what a valid code looks like', () => {
    const reason = reasonOf('RSSMRK66C14H501');
    expect(reason).toMatch(/16 characters.*11 digits.*got 15/);
    expect(reason).toMatch(/6 letters, 2 digits, a month letter/);
    expect(reasonOf('')).toMatch(/got 0/);
    expect(reasonOf('RSSMRK66C14H501UX')).toMatch(/got 17/);
  });

  it('does not quote the input in the reason', () => {
    expect(reasonOf('AAABBB39M66A351C')).not.toContain('AAABBB39M66A351C');
  });

  it('rejects non-strings', () => {
    expect(isValidCodiceFiscale(12345678901 as unknown as string)).toBe(false);
  });
});

describe('validateCodiceFiscale agrees with codice-fiscale-js', () => {
  // validateCodiceFiscale computes the day, the check character and omocodia itself (it runs twice
  // per record of a flow); the library stays the reference.
  const library = CodiceFiscale as unknown as {
    check(cf: string): boolean;
    isOmocodia(cf: string): boolean;
    fromOmocodiaToOriginal(cf: string): string;
  };
  const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const DIGITS = '0123456789';
  const OMOCODE = 'LMNPQRSTUV';

  /** Deterministic well-formed 16-character codes: some omocodes, some bad days, some wrong check characters. */
  function* codes(count: number): Generator<string> {
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pick = (chars: string): string => chars.charAt(next(chars.length));
    const digit = (): string => (next(5) === 0 ? pick(OMOCODE) : pick(DIGITS));
    for (let i = 0; i < count; i++) {
      let first15 = '';
      for (let j = 0; j < 6; j++) first15 += pick(LETTERS);
      first15 += digit() + digit() + pick('ABCDEHLMPRST') + (next(4) === 0 ? digit() : pick('01234567')) + digit() + pick(LETTERS) + digit() + digit() + digit();
      yield next(3) === 0 ? first15 + pick(LETTERS) : withCheck(first15);
    }
  }

  it('on the day range, the check character and the omocodia flag', () => {
    let valid = 0;
    for (const code of codes(20_000)) {
      const day = Number(library.fromOmocodiaToOriginal(code).slice(9, 11));
      const expected = ((day >= 1 && day <= 31) || (day >= 41 && day <= 71)) && library.check(code);
      const result = validateCodiceFiscale(code);
      expect([code, result.valid]).toEqual([code, expected]);
      if (result.valid) {
        valid += 1;
        expect([code, result.omocode]).toEqual([code, library.isOmocodia(code)]);
      }
    }
    expect(valid).toBeGreaterThan(5000);
  });
});

describe('validateCodiceFiscale: legal persons', () => {
  it('the test oracle agrees on the example codes', () => {
    expect(luhnValid('01114601006')).toBe(true);
    expect(luhnValid('01114601007')).toBe(false);
  });

  it('accepts an 11-digit code with a correct check digit', () => {
    expect(validateCodiceFiscale('01114601006')).toEqual({ valid: true, value: '01114601006', kind: 'LEGAL_PERSON', omocode: false });
  });

  it('rejects a wrong check digit', () => {
    expect(reasonOf('01114601007')).toMatch(/check digit/);
    expect(reasonOf('01114601060')).toMatch(/check digit/);
  });

  it('agrees with an independent Luhn check on every check digit of a few prefixes', () => {
    for (const prefix of ['0111460100', '1234567890', '0000000001', '9999999999', '0680335058']) {
      for (let digit = 0; digit <= 9; digit++) {
        const code = `${prefix}${digit}`;
        expect([code, isValidCodiceFiscale(code)]).toEqual([code, luhnValid(code)]);
      }
    }
  });

  it('accepts up to the trailing spaces the INPS XSD allows, and trims them', () => {
    expect(validateCodiceFiscale('01114601006   ')).toMatchObject({ valid: true, value: '01114601006' });
    expect(validateCodiceFiscale('01114601006     ')).toMatchObject({ valid: true, value: '01114601006' });
  });

  it('rejects numeric codes that are not 11 digits', () => {
    expect(reasonOf('0111460100')).toMatch(/exactly 11 digits, got 10/);
    expect(reasonOf('011146010061')).toMatch(/exactly 11 digits, got 12/);
  });

  it('rejects the all-zero placeholder', () => {
    expect(reasonOf('00000000000')).toMatch(/placeholder/);
  });
});

describe('CodiceFiscaleScalar', () => {
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        echo: {
          type: GraphQLString,
          args: { cf: { type: new GraphQLNonNull(CodiceFiscaleScalar) } },
          resolve: (_root, args: { cf: string }) => args.cf,
        },
        stored: { type: CodiceFiscaleScalar, resolve: () => 'RSSMRK66C14H501U' },
      },
    }),
  });

  it('has the GraphQL name and a description', () => {
    expect(CodiceFiscaleScalar.name).toBe('CodiceFiscale');
    expect(CodiceFiscaleScalar.description).toMatch(/16-character.*11-digit/s);
  });

  it('normalises valid literals and variables', async () => {
    const literal = await graphql({ schema, source: '{ echo(cf: "rssmrk66c14h501u") }' });
    expect(literal).toEqual({ data: { echo: 'RSSMRK66C14H501U' } });
    const variable = await graphql({
      schema,
      source: 'query ($cf: CodiceFiscale!) { echo(cf: $cf) }',
      variableValues: { cf: '01114601006   ' },
    });
    expect(variable).toEqual({ data: { echo: '01114601006' } });
  });

  it('rejects invalid literals with BAD_USER_INPUT and the reason', async () => {
    for (const source of ['{ echo(cf: "AAABBB39M66A351C") }', '{ echo(cf: 12345678901) }']) {
      const result = await graphql({ schema, source });
      expect(result.data).toBeUndefined();
      expect(result.errors?.[0]?.extensions['code']).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(/Invalid codice fiscale/);
    }
  });

  it('rejects invalid variables with BAD_USER_INPUT and the reason', async () => {
    for (const cf of ['01114601007', 'RSSMRK66Z14H501U', 42]) {
      const result = await graphql({ schema, source: 'query ($cf: CodiceFiscale!) { echo(cf: $cf) }', variableValues: { cf } });
      expect(result.data).toBeUndefined();
      expect(result.errors?.[0]?.extensions['code']).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(/Invalid codice fiscale/);
    }
  });

  it('serializes strings unchanged and refuses other values', async () => {
    expect(await graphql({ schema, source: '{ stored }' })).toEqual({ data: { stored: 'RSSMRK66C14H501U' } });
    expect(() => CodiceFiscaleScalar.serialize(42)).toThrow(/non-string/);
  });
});

describe('composing codici fiscali (demo and test data)', () => {
  it('follows the surname, name, date and check-character rules', () => {
    expect(composeCodiceFiscale({ surname: 'Rossi', name: 'Mario', sex: 'M', born: '1980-03-15', birthPlace: 'H501' })).toBe('RSSMRA80C15H501M');
    // a name with four consonants takes the 1st, 3rd and 4th; a woman's day is +40; a short surname is padded with X
    expect(composeCodiceFiscale({ surname: 'Fo', name: 'Gianfranco', sex: 'F', born: '2001-12-05', birthPlace: 'F205' }).slice(0, 11)).toBe('FOXGFR01T45');
    expect(isValidCodiceFiscale(composeCodiceFiscale({ surname: 'Fo', name: 'Gianfranco', sex: 'F', born: '2001-12-05', birthPlace: 'F205' }))).toBe(true);
  });

  it('computes the check character of 15 characters', () => {
    expect(checkCharacter('RSSMRK66C14H501')).toBe('U');
    expect(() => checkCharacter('RSSMRK')).toThrow(/15 characters/);
  });
});
