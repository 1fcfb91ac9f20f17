import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Beneficiary } from './entities/Beneficiary.ts';
import { Benefit, type BenefitStatus } from './entities/Benefit.ts';
import { Submission } from './entities/Submission.ts';
import type { EnteTie } from './domain/access.ts';

export interface BenefitFilter {
  code?: string | null;
  /** PresenzaProvaMezzi codes ('1'..'4'), already mapped from the GraphQL enum. */
  meansTest?: string[] | null;
  enteCode?: string | null;
  from?: string | null;
  to?: string | null;
  status?: BenefitStatus[] | null;
}

/** Whose benefits: one person's, or everything one ente reported. */
export type PageOwner = 'beneficiary' | 'ente';
const OWNER_COLUMN: Record<PageOwner, string> = { beneficiary: 'beneficiary_id', ente: 'ente_code' };

export interface PageRequest {
  owner: PageOwner;
  /** Beneficiary id or ente code. */
  ownerId: string;
  first: number;
  /** Keyset position: the key date and id of the last row already seen. */
  after: { keyDate: string; id: string } | null;
  filter: BenefitFilter;
}

export interface BenefitPage {
  benefits: Benefit[];
  totalCount: number;
  hasNextPage: boolean;
}

function pgArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/** Results in key order, null for a missing key: the DataLoader contract. */
function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => map.get(key) ?? null);
}

/**
 * One benefit page per owner (person or ente) for many owners in one SQL statement: rows are
 * numbered per owner with a window function, so a list of 50 persons costs one query, not 50.
 * Requests sharing the same owner kind and page arguments (the usual case) are grouped; each group
 * is one statement.
 */
async function loadPages(em: EntityManager, requests: readonly PageRequest[]): Promise<BenefitPage[]> {
  const groups = new Map<string, PageRequest[]>();
  for (const request of requests) {
    const key = JSON.stringify([request.owner, request.first, request.after, request.filter]);
    groups.set(key, [...(groups.get(key) ?? []), request]);
  }
  const results = new Map<PageRequest, BenefitPage>();
  for (const group of groups.values()) {
    const { owner, first, after, filter } = group[0] as PageRequest;
    const column = OWNER_COLUMN[owner];
    const ids = [...new Set(group.map((request) => request.ownerId))];
    const where: string[] = [`b.${column} = any(?::${owner === 'ente' ? 'text' : 'uuid'}[])`, 'b.status = any(?::text[])'];
    // Arrays go as PostgreSQL array literals (the driver would expand a JS array into a list); the
    // values are uuids, enum codes or ente codes, quoted so none can break the literal.
    const params: unknown[] = [pgArray(ids), pgArray(filter.status?.length ? filter.status : ['ACTIVE'])];
    if (filter.meansTest?.length) { where.push('b.means_test = any(?::text[])'); params.push(pgArray(filter.meansTest)); }
    if (filter.code) {
      if (filter.code.endsWith('.')) {
        where.push('starts_with(b.code, ?)');
      } else {
        where.push('b.code = ?');
      }
      params.push(filter.code);
    }
    if (filter.enteCode) { where.push('b.ente_code = ?'); params.push(filter.enteCode); }
    if (filter.to) { where.push('b.key_date <= ?::date'); params.push(filter.to); }
    if (filter.from) { where.push('(b.period_end is null or b.period_end >= ?::date)'); params.push(filter.from); }
    const cursor = after ? 'where (y.key_date, y.id) < (?::date, ?::uuid)' : '';
    if (after) params.push(after.keyDate, after.id);
    params.push(first + 1);
    const sql = `
      select z.* from (
        select y.*, row_number() over (partition by y.${column} order by y.key_date desc, y.id desc) as page_row
        from (
          select b.*, count(*) over (partition by b.${column}) as total_count
          from benefits.benefit b
          where ${where.join(' and ')}
        ) y ${cursor}
      ) z where z.page_row <= ? order by z.${column}, z.page_row`;
    const rows = await em.getConnection().execute<Array<Record<string, unknown>>>(sql, params, 'all');
    const perOwner = new Map<string, { rows: Benefit[]; total: number }>();
    for (const row of rows) {
      const ownerId = row[column] as string;
      const entry = perOwner.get(ownerId) ?? { rows: [], total: Number(row['total_count']) };
      const { total_count: _total, page_row: _row, ...columns } = row;
      entry.rows.push(em.map(Benefit, columns));
      perOwner.set(ownerId, entry);
    }
    for (const request of group) {
      const entry = perOwner.get(request.ownerId);
      const all = entry?.rows ?? [];
      results.set(request, { benefits: all.slice(0, first), totalCount: entry?.total ?? 0, hasNextPage: all.length > first });
    }
  }
  return requests.map((request) => results.get(request) as BenefitPage);
}

/** Whose ties to whom: an ente (normalised code) and a beneficiary id. */
export interface TieKey {
  enteCode: string;
  beneficiaryId: string;
}

/**
 * What ties each ente to each beneficiary (access.ts): one statement for every pair asked in the
 * request, results in key order, no benefit at all as `{ reported: false, takenInCharge: false }`.
 */
async function loadTies(em: EntityManager, keys: readonly TieKey[]): Promise<EnteTie[]> {
  const entes = [...new Set(keys.map((key) => key.enteCode))];
  const ids = [...new Set(keys.map((key) => key.beneficiaryId))];
  const rows = await em.getConnection().execute<Array<{ ente: string; beneficiary_id: string; in_charge: boolean }>>(
    `select upper(b.ente_code) as ente, b.beneficiary_id, bool_or(b.status = 'ACTIVE' and b.taken_in_charge) as in_charge
     from benefits.benefit b
     where upper(b.ente_code) = any(?::text[]) and b.beneficiary_id = any(?::uuid[])
     group by upper(b.ente_code), b.beneficiary_id`,
    [pgArray(entes), pgArray(ids)],
    'all',
  );
  const ties = new Map(rows.map((row) => [`${row.ente}|${row.beneficiary_id}`, { reported: true, takenInCharge: row.in_charge }]));
  return keys.map((key) => ties.get(`${key.enteCode}|${key.beneficiaryId}`) ?? { reported: false, takenInCharge: false });
}

/** Fresh per request: each loader batches and caches within one GraphQL operation only. */
export function createLoaders(em: EntityManager) {
  return {
    beneficiaryByTaxCode: new DataLoader<string, Beneficiary | null>(async (taxCodes) =>
      byKey(taxCodes, await em.find(Beneficiary, { taxCode: { $in: [...taxCodes] } }), (row) => row.taxCode)),
    beneficiaryById: new DataLoader<string, Beneficiary | null>(async (ids) =>
      byKey(ids, await em.find(Beneficiary, { id: { $in: [...ids] } }), (row) => row.id)),
    benefitById: new DataLoader<string, Benefit | null>(async (ids) =>
      byKey(ids, await em.find(Benefit, { id: { $in: [...ids] } }), (row) => row.id)),
    submissionById: new DataLoader<string, Submission | null>(async (ids) =>
      byKey(ids, await em.find(Submission, { id: { $in: [...ids] } }), (row) => row.id)),
    benefitPage: new DataLoader<PageRequest, BenefitPage, string>((requests) => loadPages(em, requests), {
      cacheKeyFn: (request) => JSON.stringify(request),
    }),
    enteTie: new DataLoader<TieKey, EnteTie, string>((keys) => loadTies(em, keys), {
      cacheKeyFn: (key) => `${key.enteCode}|${key.beneficiaryId}`,
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
