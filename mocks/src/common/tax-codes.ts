import { checkCharacter } from '@siuss/scalars/codice-fiscale';
import { dateOf } from './dates.ts';
import type { Random } from './random.ts';

const MONTHS = 'ABCDEHLMPRST';
const OMOCODE = 'LMNPQRSTUV';
const CONSONANTS = 'BCDFGHJKLMNPQRSTVWXYZ';
const VOWELS = 'AEIOU';
/** Belfiore codes of a few large Comuni, for the birthplaces of generated household members. */
const BIRTHPLACES = ['H501', 'F205', 'F839', 'L219', 'A662', 'G273', 'D612', 'A944', 'L736', 'D969', 'C351', 'L424'];

function digit(char: string): number {
  const omocode = OMOCODE.indexOf(char);
  return omocode >= 0 ? omocode : Number(char);
}

/** True for the 11-digit code of a legal person (no birth date, no ISEE, no health record). */
export function isLegalPerson(taxCode: string): boolean {
  return /^\d{11}$/.test(taxCode);
}

/**
 * The birth date and sex a 16-character codice fiscale encodes (omocodia letters decoded). The code
 * holds a two-digit year: years after the current one are read as 19xx.
 */
export function birthOf(taxCode: string, currentYear: number): { birthDate: string; sex: 'M' | 'F' } {
  const yy = digit(taxCode.charAt(6)) * 10 + digit(taxCode.charAt(7));
  const month = MONTHS.indexOf(taxCode.charAt(8)) + 1;
  let day = digit(taxCode.charAt(9)) * 10 + digit(taxCode.charAt(10));
  const sex = day > 40 ? 'F' : 'M';
  if (day > 40) day -= 40;
  const century = yy > currentYear % 100 ? 1900 : 2000;
  return { birthDate: dateOf(century + yy, Math.max(month, 1), Math.max(day, 1)), sex };
}

/**
 * A well-formed codice fiscale with a correct check character for an invented person born in
 * `birthYear`; `surnameCode` keeps a family's surname letters. The letters are random, so the code
 * stands for nobody in particular.
 */
export function inventTaxCode(random: Random, options: { birthYear: number; surnameCode?: string; sex?: 'M' | 'F' }): string {
  const letters = (): string => random.pick([...CONSONANTS]) + random.pick([...CONSONANTS]) + random.pick([...VOWELS]);
  const sex = options.sex ?? random.pick(['M', 'F'] as const);
  const month = random.int(1, 12);
  const day = random.int(1, 28) + (sex === 'F' ? 40 : 0);
  const first15 = (options.surnameCode ?? letters()) + letters() + String(options.birthYear % 100).padStart(2, '0') +
    MONTHS.charAt(month - 1) + String(day).padStart(2, '0') + random.pick(BIRTHPLACES);
  return first15 + checkCharacter(first15);
}
