import { readFileSync } from 'node:fs';
import { parseCsvRecords } from './csv.ts';

/** An Italian Comune as listed by ISTAT on 2020-01-01 (see data/SOURCES.md). */
export interface Comune {
  /** 6-digit ISTAT code, as in the INPS XSD `Indirizzo@CodiceComune`. */
  istatCode: string;
  /** Belfiore (codice catastale) code: a letter and 3 digits, e.g. `H501`. */
  belfioreCode: string;
  name: string;
  /** 3-digit ISTAT province code (the historical one for abolished provinces). */
  provinceCode: string;
  /** Two-letter abbreviation (sigla automobilistica), e.g. `RM`. */
  provinceAbbreviation: string;
  provinceName: string;
  /** 2-digit ISTAT region code. NOT the Agenzia Entrate code of `Indirizzo@CodiceRegione`. */
  regionCode: string;
  regionName: string;
  /** Resident population at the 2011 census. */
  population2011: number;
}

interface ComuniIndex {
  all: readonly Comune[];
  byIstat: ReadonlyMap<string, Comune>;
  byBelfiore: ReadonlyMap<string, Comune>;
}

const DATA_FILE = new URL('../data/comuni.csv', import.meta.url);
let index: ComuniIndex | undefined;

function column(record: Record<string, string>, name: string, line: number): string {
  const value = record[name];
  if (value === undefined || value === '') throw new Error(`data/comuni.csv record ${line}: missing ${name}`);
  return value;
}

function load(): ComuniIndex {
  const records = parseCsvRecords(readFileSync(DATA_FILE, 'utf8'));
  const all = records.map((record, i): Comune => {
    const population = Number(column(record, 'population_2011', i + 1));
    if (!Number.isInteger(population)) throw new Error(`data/comuni.csv record ${i + 1}: population_2011 is not a whole number`);
    return Object.freeze({
      istatCode: column(record, 'istat_code', i + 1),
      belfioreCode: column(record, 'belfiore_code', i + 1),
      name: column(record, 'name', i + 1),
      provinceCode: column(record, 'province_code', i + 1),
      provinceAbbreviation: column(record, 'province_abbreviation', i + 1),
      provinceName: column(record, 'province_name', i + 1),
      regionCode: column(record, 'region_code', i + 1),
      regionName: column(record, 'region_name', i + 1),
      population2011: population,
    });
  });
  return {
    all: Object.freeze(all),
    byIstat: new Map(all.map((comune) => [comune.istatCode, comune])),
    byBelfiore: new Map(all.map((comune) => [comune.belfioreCode, comune])),
  };
}

function comuni(): ComuniIndex {
  index ??= load();
  return index;
}

/**
 * The Comune with this 6-digit ISTAT code (e.g. `058091`), or `undefined`. The code must be given
 * exactly as the XSD carries it, leading zeros included: `58091` is not padded, because a
 * validator should report such a value rather than accept it silently.
 */
export function comuneByIstat(code: string): Comune | undefined {
  return comuni().byIstat.get(code);
}

/**
 * The Comune with this Belfiore (codice catastale) code, or `undefined`. Case-insensitive
 * (`h501` finds Roma) because the code is often typed by hand. Foreign-state codes (`Z...`) are
 * never Comuni: check them with `isForeignStateCode`.
 */
export function comuneByBelfiore(code: string): Comune | undefined {
  return comuni().byBelfiore.get(code.toUpperCase());
}

/** Every Comune, sorted by ISTAT code. The array and its items are frozen: shared, read-only data. */
export function allComuni(): readonly Comune[] {
  return comuni().all;
}

/**
 * True when the code has the shape of a Belfiore code of a foreign state (`Z` + 3 digits, e.g.
 * `Z404`), as used in `Anagrafica@LuogoNascita` for people born abroad. Shape only: the list of
 * foreign-state codes is not part of this dataset. Case-insensitive like `comuneByBelfiore`.
 */
export function isForeignStateCode(code: string): boolean {
  return /^Z\d{3}$/i.test(code);
}
