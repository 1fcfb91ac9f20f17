import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import pkg from 'codice-fiscale-js';

/**
 * The part of codice-fiscale-js we use (validation has its own code, see checkPerson). Its bundled
 * typings declare `export default CodiceFiscale`, but the CommonJS build exports
 * `{ CodiceFiscale }`, which is what an ESM default import receives (Node and Jest alike).
 */
interface CodiceFiscaleLibrary {
  getCheckCode(first15: string): string;
}

function loadLibrary(): CodiceFiscaleLibrary {
  const exported = pkg as unknown as { CodiceFiscale?: CodiceFiscaleLibrary; default?: { CodiceFiscale?: CodiceFiscaleLibrary } };
  const library = exported.CodiceFiscale ?? exported.default?.CodiceFiscale;
  if (typeof library?.getCheckCode !== 'function') {
    throw new Error('codice-fiscale-js does not export CodiceFiscale as expected; check the installed version');
  }
  return library;
}

const library = loadLibrary();

export type CodiceFiscaleCheck =
  | {
      valid: true;
      /** Trimmed and uppercase; an 11-digit code loses the trailing spaces the INPS XSD allows. */
      value: string;
      kind: 'PERSON' | 'LEGAL_PERSON';
      /** True when some digits were replaced by letters to disambiguate clashing codes. */
      omocode: boolean;
    }
  | { valid: false; reason: string };

const PERSON_EXAMPLE = 'a personal code has 16 characters: 6 letters, 2 digits, a month letter, 2 digits, a Belfiore code and a check letter';
const LEGAL_EXAMPLE = 'a valid legal-person code is 11 digits, e.g. 01114601006';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** The letters that replace the digits 0-9 in an omocode (L = 0, M = 1, ... V = 9). */
const OMOCODE_LETTERS = 'LMNPQRSTUV';
const DIGIT_OR_OMOCODE = `0123456789${OMOCODE_LETTERS}`;

/** Positions (0-based) and the characters each character of a 16-character code may be. */
const PERSON_RULES: ReadonlyArray<{ from: number; to: number; allowed: string; what: string }> = [
  { from: 0, to: 6, allowed: LETTERS, what: 'characters 1-6 (surname and name) must be letters' },
  { from: 6, to: 8, allowed: DIGIT_OR_OMOCODE, what: 'characters 7-8 (year of birth) must be digits or omocodia letters LMNPQRSTUV' },
  { from: 8, to: 9, allowed: 'ABCDEHLMPRST', what: 'character 9 (month of birth) must be one of ABCDEHLMPRST' },
  { from: 9, to: 11, allowed: DIGIT_OR_OMOCODE, what: 'characters 10-11 (day of birth) must be digits or omocodia letters LMNPQRSTUV' },
  { from: 11, to: 12, allowed: LETTERS, what: 'character 12 (place of birth) must be a letter' },
  { from: 12, to: 15, allowed: DIGIT_OR_OMOCODE, what: 'characters 13-15 (place of birth) must be digits or omocodia letters LMNPQRSTUV' },
  { from: 15, to: 16, allowed: LETTERS, what: 'character 16 (check character) must be a letter' },
];
/** Positions of the 7 digits of a personal code, which omocodia may replace by letters. */
const DIGIT_POSITIONS: readonly number[] = [6, 7, 9, 10, 12, 13, 14];
/** Value of 0-9 / A-Z in an odd position (1st, 3rd, ...) for the check character; in an even position the value is 0-9 / 0-25. */
const ODD_POSITION_VALUES: readonly number[] = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

function invalid(reason: string): CodiceFiscaleCheck {
  return { valid: false, reason };
}

/** The digit a character of the numeric part stands for: itself, or the digit of its omocodia letter. */
function digitOf(character: string): number {
  const omocode = OMOCODE_LETTERS.indexOf(character);
  return omocode >= 0 ? omocode : character.charCodeAt(0) - 48;
}

/** The check character (DM 23/12/1976) of the first 15 characters of an uppercase code that passed PERSON_RULES. */
function checkCharacterOf(code: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = code.charCodeAt(i);
    const value = c <= 57 ? c - 48 : c - 65; // '0'-'9' -> 0-9, 'A'-'Z' -> 0-25
    sum += i % 2 === 0 ? (ODD_POSITION_VALUES[value] ?? 0) : value;
  }
  return LETTERS.charAt(sum % 26);
}

// Day range, check character and omocodia are computed here rather than by codice-fiscale-js: this
// runs for two codes of every record of a flow, and the library builds strings for each call. The
// tests check that both agree.
function checkPerson(value: string): CodiceFiscaleCheck {
  for (const rule of PERSON_RULES) {
    for (let i = rule.from; i < rule.to; i++) {
      if (!rule.allowed.includes(value.charAt(i))) {
        return invalid(`Invalid codice fiscale: ${rule.what}; ${PERSON_EXAMPLE}.`);
      }
    }
  }
  const day = digitOf(value.charAt(9)) * 10 + digitOf(value.charAt(10));
  if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) {
    return invalid(`Invalid codice fiscale: the day of birth (characters 10-11) must be 01-31, or 41-71 for women; ${PERSON_EXAMPLE}.`);
  }
  if (checkCharacterOf(value) !== value.charAt(15)) {
    return invalid(`Invalid codice fiscale: the check character (16th) does not match the first 15 characters, probably a typo; ${PERSON_EXAMPLE}.`);
  }
  const omocode = DIGIT_POSITIONS.some((i) => OMOCODE_LETTERS.includes(value.charAt(i)));
  return { valid: true, value, kind: 'PERSON', omocode };
}

/** Check digit of an Italian partita IVA (also used by numeric codici fiscali of legal persons). */
function partitaIvaCheckDigit(first10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const digit = first10.charCodeAt(i) - 48;
    if (i % 2 === 0) {
      sum += digit;
    } else {
      const doubled = digit * 2;
      sum += doubled > 9 ? doubled - 9 : doubled;
    }
  }
  return (10 - (sum % 10)) % 10;
}

function checkLegalPerson(value: string): CodiceFiscaleCheck {
  if (/^0{11}$/.test(value)) {
    return invalid(`Invalid codice fiscale: 00000000000 is a placeholder, not a code; ${LEGAL_EXAMPLE}.`);
  }
  if (partitaIvaCheckDigit(value) !== value.charCodeAt(10) - 48) {
    return invalid(`Invalid codice fiscale: the check digit (11th) of the 11-digit code does not match the first 10 digits, probably a typo; ${LEGAL_EXAMPLE}.`);
  }
  return { valid: true, value, kind: 'LEGAL_PERSON', omocode: false };
}

/**
 * Validates an Italian codice fiscale: a 16-character personal code (format, omocodia, month,
 * day range and check character) or an 11-digit legal-person code (partita IVA check digit).
 * Input is trimmed and uppercased, so lowercase codes and the trailing spaces the INPS XSD allows
 * after 11-digit codes are accepted; `value` is the normalised form to store and compare.
 * The reason never quotes the input, since a codice fiscale is personal data and reasons get logged.
 */
export function validateCodiceFiscale(input: string): CodiceFiscaleCheck {
  if (typeof input !== 'string') {
    return invalid(`Invalid codice fiscale: expected a string; ${PERSON_EXAMPLE}, or ${LEGAL_EXAMPLE}.`);
  }
  const value = input.trim().toUpperCase();
  if (/^\d+$/.test(value)) {
    return value.length === 11
      ? checkLegalPerson(value)
      : invalid(`Invalid codice fiscale: a numeric code has exactly 11 digits, got ${value.length}; ${LEGAL_EXAMPLE}.`);
  }
  if (value.length !== 16) {
    return invalid(`Invalid codice fiscale: expected 16 characters for a person or 11 digits for a legal person, got ${value.length} characters; ${PERSON_EXAMPLE}.`);
  }
  return checkPerson(value);
}

/** True when `input` is a valid codice fiscale (see `validateCodiceFiscale`). */
export function isValidCodiceFiscale(input: string): boolean {
  return validateCodiceFiscale(input).valid;
}

function parseCodiceFiscale(input: unknown): string {
  const result = validateCodiceFiscale(input as string);
  if (!result.valid) {
    throw new GraphQLError(result.reason, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return result.value;
}

/**
 * `CodiceFiscale` scalar: inputs are validated and normalised (invalid ones fail with
 * BAD_USER_INPUT before any resolver runs); outputs are passed through as stored.
 */
export const CodiceFiscaleScalar = new GraphQLScalarType<string, string>({
  name: 'CodiceFiscale',
  description:
    'Italian codice fiscale: the 16-character code of a natural person (with check character; ' +
    'omocodia letters accepted), or the 11-digit code of a legal person (partita IVA check digit). ' +
    'Input is case-insensitive and normalised to uppercase without surrounding spaces.',
  serialize(output) {
    if (typeof output !== 'string') {
      throw new GraphQLError(`CodiceFiscale cannot represent a non-string value of type ${typeof output}.`);
    }
    return output;
  },
  parseValue: parseCodiceFiscale,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError(`Invalid codice fiscale: expected a string literal; ${PERSON_EXAMPLE}, or ${LEGAL_EXAMPLE}.`, {
        nodes: ast,
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return parseCodiceFiscale(ast.value);
  },
});

const MONTH_LETTERS = 'ABCDEHLMPRST';

function letters(value: string, vowels: boolean): string[] {
  return [...value.toUpperCase()].filter((c) => /[A-Z]/.test(c) && 'AEIOU'.includes(c) === vowels);
}

/** The 16th character of a personal codice fiscale whose first 15 characters are given. */
export function checkCharacter(first15: string): string {
  if (!/^[A-Z0-9]{15}$/i.test(first15)) throw new Error('checkCharacter needs the first 15 characters of a personal codice fiscale');
  return library.getCheckCode(first15.toUpperCase()).toUpperCase();
}

/**
 * The codice fiscale of a natural person from surname, name, sex, birth date (YYYY-MM-DD) and the
 * Belfiore code of the birthplace, by the DM 23/12/1976 rules (no omocodia: that is assigned by the
 * Agenzia delle Entrate on collision). For demo and test data: the hub never derives a person's code.
 */
export function composeCodiceFiscale(person: { surname: string; name: string; sex: 'M' | 'F'; born: string; birthPlace: string }): string {
  const surname = [...letters(person.surname, false), ...letters(person.surname, true), 'X', 'X', 'X'].slice(0, 3).join('');
  const consonants = letters(person.name, false);
  const name = consonants.length >= 4
    ? [consonants[0], consonants[2], consonants[3]].join('')
    : [...consonants, ...letters(person.name, true), 'X', 'X', 'X'].slice(0, 3).join('');
  const [year, month, day] = person.born.split('-').map(Number) as [number, number, number];
  const first15 = surname + name + String(year % 100).padStart(2, '0') + MONTH_LETTERS.charAt(month - 1) +
    String(day + (person.sex === 'F' ? 40 : 0)).padStart(2, '0') + person.birthPlace.toUpperCase();
  return first15 + checkCharacter(first15);
}
