import { readFileSync } from 'node:fs';
import { parseCsvRecords } from '@siuss/reference/csv';
import type { Fund } from './codes.ts';

export const MACRO_ACTIVITIES = ['ACCESS_ASSESSMENT', 'HOME_CARE', 'EARLY_CHILDHOOD_COMMUNITY', 'RESIDENTIAL', 'INCLUSION_INCOME_SUPPORT'] as const;
export type MacroActivity = (typeof MACRO_ACTIVITIES)[number];

/** The FNPS macrolivelli, seen in an FNPS allocation decree summary (SIUSS digest §2.5). */
export const MACRO_ACTIVITY_INFO: ReadonlyArray<{ macroActivity: MacroActivity; number: number; label: string }> = Object.freeze([
  { macroActivity: 'ACCESS_ASSESSMENT', number: 1, label: "Servizi per l'accesso e la presa in carico da parte della rete assistenziale" },
  { macroActivity: 'HOME_CARE', number: 2, label: 'Servizi e misure per favorire la permanenza a domicilio' },
  { macroActivity: 'EARLY_CHILDHOOD_COMMUNITY', number: 3, label: 'Servizi per la prima infanzia e servizi territoriali comunitari' },
  { macroActivity: 'RESIDENTIAL', number: 4, label: 'Servizi territoriali a carattere residenziale per le fragilità' },
  { macroActivity: 'INCLUSION_INCOME_SUPPORT', number: 5, label: 'Misure di inclusione sociale - sostegno al reddito' },
]);

/** `official` rows come from the Ministry's catalogue; `provisional` rows are placeholders (data/SOURCES.md). */
export type CatalogueStatus = 'official' | 'provisional';

/** One validity period of a catalogue item. */
export interface CatalogueItem {
  code: string;
  label: string;
  macroActivity: MacroActivity;
  /** First day of validity, or null for "since always". */
  validFrom: string | null;
  /** Last day of validity (inclusive), or null for "still valid". */
  validTo: string | null;
  status: CatalogueStatus;
  source: string;
}

export interface FundArea {
  fund: Fund;
  code: string;
  label: string;
  status: 'seen' | 'provisional';
  source: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function required(record: Record<string, string>, name: string, where: string): string {
  const value = record[name];
  if (value === undefined || value === '') throw new Error(`${where}: missing ${name}`);
  return value;
}

function optionalDate(record: Record<string, string>, name: string, where: string): string | null {
  const value = record[name] ?? '';
  if (value === '') return null;
  if (!DATE.test(value)) throw new Error(`${where}: ${name} ${JSON.stringify(value)} is not YYYY-MM-DD`);
  return value;
}

/**
 * Parses catalogue CSV text and checks it: known macro-activity and status, well-formed dates, and
 * validity periods of one code that do not overlap (so "the item valid on a date" has one answer).
 * Throws naming the record, so a broken data file fails at start-up.
 */
export function parseCatalogue(text: string, file = 'data/sioss-catalogue.csv'): CatalogueItem[] {
  const items = parseCsvRecords(text).map((record, index): CatalogueItem => {
    const where = `${file} record ${index + 1}`;
    const macroActivity = required(record, 'macro_activity', where);
    if (!(MACRO_ACTIVITIES as readonly string[]).includes(macroActivity)) throw new Error(`${where}: unknown macro_activity ${macroActivity}`);
    const status = required(record, 'status', where);
    if (status !== 'official' && status !== 'provisional') throw new Error(`${where}: status must be official or provisional`);
    const item: CatalogueItem = {
      code: required(record, 'code', where),
      label: required(record, 'label', where),
      macroActivity: macroActivity as MacroActivity,
      validFrom: optionalDate(record, 'valid_from', where),
      validTo: optionalDate(record, 'valid_to', where),
      status,
      source: required(record, 'source', where),
    };
    if (item.validFrom && item.validTo && item.validFrom > item.validTo) throw new Error(`${where}: valid_from is after valid_to`);
    return Object.freeze(item);
  });
  items.sort((a, b) => a.code.localeCompare(b.code) || (a.validFrom ?? '').localeCompare(b.validFrom ?? ''));
  for (let i = 1; i < items.length; i += 1) {
    const previous = items[i - 1] as CatalogueItem;
    const current = items[i] as CatalogueItem;
    if (previous.code === current.code && (previous.validTo === null || current.validFrom === null || current.validFrom <= previous.validTo)) {
      throw new Error(`${file}: validity periods of ${current.code} overlap`);
    }
  }
  return items;
}

let catalogue: readonly CatalogueItem[] | undefined;
let fundAreas: readonly FundArea[] | undefined;

/** Every catalogue row (one per code and validity period), sorted by code then start. Frozen. */
export function allCatalogueItems(): readonly CatalogueItem[] {
  catalogue ??= Object.freeze(parseCatalogue(readFileSync(new URL('../../data/sioss-catalogue.csv', import.meta.url), 'utf8')));
  return catalogue;
}

const overlapsYear = (item: CatalogueItem, year: number): boolean =>
  (item.validFrom === null || item.validFrom <= `${year}-12-31`) && (item.validTo === null || item.validTo >= `${year}-01-01`);

/**
 * The items whose validity overlaps `year`. A service counts for a year's declaration if the item
 * existed at any time in that year: an item retired in June was still active in January.
 */
export function catalogueForYear(year: number, items: readonly CatalogueItem[] = allCatalogueItems()): CatalogueItem[] {
  const byCode = new Map<string, CatalogueItem>();
  // Items are sorted by start, so a later version of the same code (new label) wins.
  for (const item of items) if (overlapsYear(item, year)) byCode.set(item.code, item);
  return [...byCode.values()];
}

/** The version of `code` valid in `year` (the latest one when its label changed that year), or undefined. */
export function catalogueItemInYear(code: string, year: number, items: readonly CatalogueItem[] = allCatalogueItems()): CatalogueItem | undefined {
  return items.filter((item) => item.code === code && overlapsYear(item, year)).at(-1);
}

/** True when some version of `code` exists, whatever its years: tells "unknown" from "not valid that year". */
export function catalogueCodeExists(code: string, items: readonly CatalogueItem[] = allCatalogueItems()): boolean {
  return items.some((item) => item.code === code);
}

/** The areas the fund-reporting modules split amounts by (data/sioss-fund-areas.csv). Frozen. */
export function allFundAreas(): readonly FundArea[] {
  fundAreas ??= Object.freeze(
    parseCsvRecords(readFileSync(new URL('../../data/sioss-fund-areas.csv', import.meta.url), 'utf8')).map((record, index) => {
      const where = `data/sioss-fund-areas.csv record ${index + 1}`;
      const status = required(record, 'status', where);
      if (status !== 'seen' && status !== 'provisional') throw new Error(`${where}: status must be seen or provisional`);
      return Object.freeze({
        fund: required(record, 'fund', where) as Fund,
        code: required(record, 'code', where),
        label: required(record, 'label', where),
        status,
        source: required(record, 'source', where),
      });
    }),
  );
  return fundAreas;
}

/** The area `code` of `fund`, or undefined. */
export function fundArea(fund: Fund, code: string): FundArea | undefined {
  return allFundAreas().find((area) => area.fund === fund && area.code === code);
}
