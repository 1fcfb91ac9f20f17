import { readFileSync } from 'node:fs';
import { parseCsvRecords } from './csv.ts';

/** First level of a benefit code. */
export type MacroArea = 'A1' | 'A2' | 'A3' | 'A9' | 'Z9';

/**
 * How far a row is confirmed: `seen` in a cited source, `seen-in-test-data` only in official test
 * or example data, `unverified` from a single secondary source. Validators may treat the weaker
 * statuses as warnings rather than blocking errors.
 */
export type BenefitCodeStatus = 'seen' | 'seen-in-test-data' | 'unverified';

/** One validity period of a benefit code (codice prestazione, XSD `CodicePrestazione`). */
export interface BenefitCode {
  /** e.g. `A1.05.01`; 5..10 characters per the INPS XSD. */
  code: string;
  /** Official label, or `null` where no source gave it. */
  label: string | null;
  macroArea: MacroArea;
  /** First day of validity (ISO `YYYY-MM-DD`), or `null` for "since always". */
  validFrom: string | null;
  /** Last day of validity, inclusive (ISO `YYYY-MM-DD`), or `null` for "still valid". */
  validTo: string | null;
  status: BenefitCodeStatus;
  /** Short reference to where the row comes from; the tags are explained in data/SOURCES.md. */
  source: string;
}

/**
 * Labels of the macro areas. INFERRED from the shape of the codes and their labels: no official
 * table of macro areas was found (SIUSS digest §2.6).
 */
export const MACRO_AREA_LABELS: Readonly<Record<MacroArea, string>> = Object.freeze({
  A1: 'Contributi economici / trasferimenti in denaro',
  A2: 'Interventi, servizi e agevolazioni',
  A3: 'Strutture',
  A9: 'Fondi nazionali non autosufficienza e Dopo di Noi',
  Z9: 'Altro',
});

const STATUSES: ReadonlySet<string> = new Set<BenefitCodeStatus>(['seen', 'seen-in-test-data', 'unverified']);
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATA_FILE = new URL('../data/benefit-codes.csv', import.meta.url);

interface Nomenclatore {
  all: readonly BenefitCode[];
  byCode: ReadonlyMap<string, readonly BenefitCode[]>;
}
let nomenclatore: Nomenclatore | undefined;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True for a real day of the (proleptic Gregorian) calendar written `YYYY-MM-DD`, year 0000 included. */
function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(match[1]), month);
}

function isMacroArea(value: string): value is MacroArea {
  return Object.hasOwn(MACRO_AREA_LABELS, value);
}

function toBenefitCode(record: Record<string, string>, n: number): BenefitCode {
  const fail = (message: string): never => {
    throw new Error(`data/benefit-codes.csv record ${n} (${record['code'] ?? '?'}): ${message}`);
  };
  const code = record['code'] ?? '';
  const macroArea = record['macro_area'] ?? '';
  const status = record['status'] ?? '';
  const validFrom = record['valid_from'] || null;
  const validTo = record['valid_to'] || null;
  const source = record['source'] ?? '';
  if (code.length < 5 || code.length > 10) fail('code must be 5..10 characters');
  if (!isMacroArea(macroArea) || !code.startsWith(`${macroArea}.`)) fail(`macro_area ${JSON.stringify(macroArea)} does not match the code`);
  if (!STATUSES.has(status)) fail(`unknown status ${JSON.stringify(status)}`);
  if (validFrom !== null && !isIsoDate(validFrom)) fail('valid_from is not an ISO date');
  if (validTo !== null && !isIsoDate(validTo)) fail('valid_to is not an ISO date');
  if (validFrom !== null && validTo !== null && validTo < validFrom) fail('valid_to is before valid_from');
  if (source === '') fail('source is empty');
  return Object.freeze({
    code,
    label: record['label'] || null,
    macroArea: macroArea as MacroArea,
    validFrom,
    validTo,
    status: status as BenefitCodeStatus,
    source,
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function load(): Nomenclatore {
  const all = parseCsvRecords(readFileSync(DATA_FILE, 'utf8'))
    .map((record, i) => toBenefitCode(record, i + 1))
    .sort((a, b) => compare(a.code, b.code) || compare(a.validFrom ?? '', b.validFrom ?? ''));
  const byCode = new Map<string, BenefitCode[]>();
  for (const row of all) {
    const versions = byCode.get(row.code) ?? [];
    versions.push(row);
    byCode.set(row.code, versions);
  }
  for (const [code, versions] of byCode) {
    // Periods of one code must not overlap, so that benefitCodeOn has a single answer.
    for (let i = 1; i < versions.length; i += 1) {
      const previousEnd = versions[i - 1]?.validTo ?? null;
      const start = versions[i]?.validFrom ?? null;
      if (previousEnd === null || start === null || start <= previousEnd) {
        throw new Error(`data/benefit-codes.csv: validity periods of ${code} overlap`);
      }
    }
    Object.freeze(versions);
  }
  return { all: Object.freeze(all), byCode };
}

function table(): Nomenclatore {
  nomenclatore ??= load();
  return nomenclatore;
}

/**
 * Every row of the nomenclatore (one per code and validity period), sorted by code, then by start
 * of validity. Frozen, because it is shared reference data.
 */
export function allBenefitCodes(): readonly BenefitCode[] {
  return table().all;
}

/**
 * All validity periods of a code, oldest first; empty when the code is unknown. INPS adds and
 * retires codes by message, so one code may have several rows over time (digest §2.6). The code
 * is matched exactly, case included, because it goes to INPS as given.
 */
export function benefitCodeVersions(code: string): readonly BenefitCode[] {
  return table().byCode.get(code) ?? [];
}

/**
 * The row of `code` valid on `date` (`YYYY-MM-DD`): `validFrom <= date` (or no start) and
 * `date <= validTo` (or no end), or `undefined` when the code is unknown or not valid that day.
 * Use the date the benefit refers to (e.g. DataInizioPrestazione), not today, so late submissions
 * of past years are checked against the table of their time. Throws a RangeError on a malformed
 * date, which would otherwise compare wrongly as a string.
 */
export function benefitCodeOn(code: string, date: string): BenefitCode | undefined {
  if (!isIsoDate(date)) throw new RangeError(`benefitCodeOn: ${JSON.stringify(date)} is not a date in YYYY-MM-DD form`);
  return benefitCodeVersions(code).find(
    (row) => (row.validFrom === null || row.validFrom <= date) && (row.validTo === null || date <= row.validTo),
  );
}
