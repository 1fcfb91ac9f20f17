import type { Sql } from '@siuss/db/sql';
import { fromRow, type AuditSubject, type StoredAuditEntry } from './entry.ts';

/** One page of a subject's access log, newest first. */
export interface AccessLogPage {
  entries: StoredAuditEntry[];
  /** Entries about the subject in all. */
  totalCount: number;
  hasNextPage: boolean;
}

/**
 * The audit entries about one subject, newest first (by chain position), `first` of them after the
 * entry `before` (exclusive; null for the newest). One statement, on the subject index. Before
 * anything was ever audited (no audit schema yet) the log is empty.
 */
export async function readAccessLog(sql: Sql, subject: AuditSubject, page: { first: number; before: number | null }): Promise<AccessLogPage> {
  try {
    const { rows } = await sql.query<Record<string, unknown>>(
      `select * from (
         select e.*, count(*) over () as total_count from audit.entry e where e.subject_kind = $1 and e.subject_id = $2
       ) y where ($3::bigint is null or y.id < $3::bigint) order by y.id desc limit $4`,
      [subject.kind, subject.id, page.before, page.first + 1],
    );
    const totalCount = rows.length > 0 ? Number(rows[0]?.['total_count']) : await countOf(sql, subject);
    return { entries: rows.slice(0, page.first).map(fromRow), totalCount, hasNextPage: rows.length > page.first };
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return { entries: [], totalCount: 0, hasNextPage: false };
    throw error;
  }
}

async function countOf(sql: Sql, subject: AuditSubject): Promise<number> {
  const { rows } = await sql.query<{ n: string }>('select count(*) as n from audit.entry where subject_kind = $1 and subject_id = $2', [subject.kind, subject.id]);
  return Number(rows[0]?.n ?? 0);
}

/** Every entry after `afterId`, in chain order: for tests and tools (an empty list before the schema exists). */
export async function readEntries(sql: Sql, afterId = 0): Promise<StoredAuditEntry[]> {
  try {
    const { rows } = await sql.query<Record<string, unknown>>('select * from audit.entry where id > $1 order by id', [afterId]);
    return rows.map(fromRow);
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return [];
    throw error;
  }
}
