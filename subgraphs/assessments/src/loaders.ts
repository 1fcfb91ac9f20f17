import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isUuid } from '@siuss/xsd/lexical';
import { SinaAssessment, type SinaStatus } from './entities/SinaAssessment.ts';
import { SinbaCase } from './entities/SinbaCase.ts';
import { Submission } from './entities/Submission.ts';

/** One person's SINA assessments with the given statuses. */
export interface PersonSinaRequest {
  taxCode: string;
  statuses: readonly SinaStatus[];
}

/** A SINBA case by ente and pseudonym, in one reporting year or the latest one (null). */
export interface SinbaCaseRequest {
  enteCode: string;
  beneficiaryCode: string;
  reportingYear: number | null;
}

/** A page of one ente's current SINBA cases, ordered by year (newest first), then pseudonym. */
export interface SinbaPageRequest {
  enteCode: string;
  first: number;
  /** Keyset position: the year and pseudonym of the last case already seen. */
  after: { reportingYear: number; beneficiaryCode: string } | null;
  reportingYear: number | null;
  closed: boolean | null;
}

export interface SinbaPage {
  cases: SinbaCase[];
  totalCount: number;
  hasNextPage: boolean;
}

/** Results in key order, null for a missing key: the DataLoader contract. */
function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => map.get(key) ?? null);
}

/** Keys that cannot be uuids never reach SQL (a uuid column would reject them with an error). */
const uuids = (keys: readonly string[]): string[] => keys.filter(isUuid).map((key) => key.toLowerCase());

/**
 * Many persons' SINA assessments in one statement per distinct status filter (usually one): the
 * rows come back newest first and are grouped by codice fiscale.
 */
async function loadPersonAssessments(em: EntityManager, requests: readonly PersonSinaRequest[]): Promise<SinaAssessment[][]> {
  const groups = new Map<string, PersonSinaRequest[]>();
  for (const request of requests) {
    const key = [...request.statuses].sort().join(',');
    groups.set(key, [...(groups.get(key) ?? []), request]);
  }
  const results = new Map<PersonSinaRequest, SinaAssessment[]>();
  for (const group of groups.values()) {
    const statuses = [...(group[0] as PersonSinaRequest).statuses];
    const rows = await em.find(
      SinaAssessment,
      { taxCode: { $in: [...new Set(group.map((request) => request.taxCode.toUpperCase()))] }, status: { $in: statuses } },
      { orderBy: { assessmentDate: 'desc', createdAt: 'desc', id: 'desc' } },
    );
    const perPerson = new Map<string, SinaAssessment[]>();
    for (const row of rows) perPerson.set(row.taxCode, [...(perPerson.get(row.taxCode) ?? []), row]);
    for (const request of group) results.set(request, perPerson.get(request.taxCode.toUpperCase()) ?? []);
  }
  return requests.map((request) => results.get(request) ?? []);
}

/** Current SINBA cases by ente and pseudonym in one statement; a null year picks the latest. */
async function loadSinbaCases(em: EntityManager, requests: readonly SinbaCaseRequest[]): Promise<(SinbaCase | null)[]> {
  const rows = await em.find(
    SinbaCase,
    {
      recordStatus: 'ACTIVE',
      enteCode: { $in: [...new Set(requests.map((r) => r.enteCode))] },
      beneficiaryCode: { $in: [...new Set(requests.map((r) => r.beneficiaryCode))] },
    },
    { orderBy: { reportingYear: 'desc' } },
  );
  return requests.map((request) =>
    rows.find((row) => row.enteCode === request.enteCode && row.beneficiaryCode === request.beneficiaryCode &&
      (request.reportingYear === null || row.reportingYear === request.reportingYear)) ?? null);
}

/** One statement per page: the ente's current cases with their total, keyset-paginated. */
async function loadSinbaPages(em: EntityManager, requests: readonly SinbaPageRequest[]): Promise<SinbaPage[]> {
  return Promise.all(requests.map(async ({ enteCode, first, after, reportingYear, closed }) => {
    const where = ['c.ente_code = ?', "c.record_status = 'ACTIVE'"];
    const params: unknown[] = [enteCode];
    if (reportingYear !== null) { where.push('c.reporting_year = ?'); params.push(reportingYear); }
    if (closed !== null) where.push(closed ? 'c.closing_reason is not null' : 'c.closing_reason is null');
    const cursor = after ? 'where (y.reporting_year < ? or (y.reporting_year = ? and y.beneficiary_code > ?))' : '';
    if (after) params.push(after.reportingYear, after.reportingYear, after.beneficiaryCode);
    params.push(first + 1);
    // The total comes from a one-row side of the join, so a page past the end still reports it.
    const sql = `
      with base as (select c.* from assessments.sinba_case c where ${where.join(' and ')})
      select t.total_count, p.* from (select count(*) as total_count from base) t
      left join lateral (select y.* from base y ${cursor} order by y.reporting_year desc, y.beneficiary_code asc limit ?) p on true
      order by p.reporting_year desc, p.beneficiary_code asc`;
    const rows = await em.getConnection().execute<Array<Record<string, unknown>>>(sql, params, 'all');
    const totalCount = Number(rows[0]?.['total_count'] ?? 0);
    const cases = rows.filter((row) => row['id'] !== null).map(({ total_count: _total, ...columns }) => em.map(SinbaCase, columns));
    return { cases: cases.slice(0, first), totalCount, hasNextPage: cases.length > first };
  }));
}

/** Fresh per request: each loader batches and caches within one GraphQL operation only. */
export function createLoaders(em: EntityManager) {
  return {
    submissionById: new DataLoader<string, Submission | null>(async (ids) =>
      byKey(ids, await em.find(Submission, { id: { $in: [...ids] } }), (row) => row.id)),
    sinaById: new DataLoader<string, SinaAssessment | null>(async (ids) =>
      byKey(ids.map((id) => id.toLowerCase()), await em.find(SinaAssessment, { id: { $in: uuids(ids) } }), (row) => row.id)),
    /** `Benefit.sinaAssessment`: the active SINA of many benefits in one statement. */
    activeSinaByBenefitId: new DataLoader<string, SinaAssessment | null>(async (ids) =>
      byKey(ids.map((id) => id.toLowerCase()), await em.find(SinaAssessment, { benefitId: { $in: uuids(ids) }, status: 'ACTIVE' }), (row) => row.benefitId)),
    /** `Person.sinaAssessments`: many persons in one statement. */
    sinaByPerson: new DataLoader<PersonSinaRequest, SinaAssessment[], string>((requests) => loadPersonAssessments(em, requests), {
      cacheKeyFn: (request) => JSON.stringify([request.taxCode, [...request.statuses].sort()]),
    }),
    sinbaCaseById: new DataLoader<string, SinbaCase | null>(async (ids) =>
      byKey(ids.map((id) => id.toLowerCase()), await em.find(SinbaCase, { id: { $in: uuids(ids) } }), (row) => row.id)),
    sinbaCase: new DataLoader<SinbaCaseRequest, SinbaCase | null, string>((requests) => loadSinbaCases(em, requests), {
      cacheKeyFn: (request) => JSON.stringify(request),
    }),
    sinbaPage: new DataLoader<SinbaPageRequest, SinbaPage, string>((requests) => loadSinbaPages(em, requests), {
      cacheKeyFn: (request) => JSON.stringify(request),
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
