import pg from 'pg';

/** The PostgreSQL schema of the audit log; no subgraph owns it, every subgraph appends to it. */
export const AUDIT_SCHEMA = 'audit';

interface Migration {
  name: string;
  statements: readonly string[];
}

/**
 * The audit schema's migrations, in order; applied once each and recorded in `audit.migration`.
 * A later change is a new entry here, never an edit of an applied one.
 */
const MIGRATIONS: readonly Migration[] = [
  {
    name: '0001-entry',
    statements: [
      `create table audit.entry (
        id bigint primary key,
        at timestamptz not null,
        request_id text not null,
        subgraph text not null,
        operation_name text,
        operation_type text not null,
        action text not null check (action in ('READ', 'WRITE')),
        operator_tax_code text,
        operator_roles text[] not null,
        ente_code text,
        purpose text,
        subject_kind text check (subject_kind in ('PERSON', 'SINBA_CASE', 'FLOW')),
        subject_id text,
        fields text[] not null,
        error_code text,
        prev_hash text not null check (length(prev_hash) = 64),
        hash text not null unique check (length(hash) = 64),
        check ((subject_kind is null) = (subject_id is null))
      )`,
      `create index entry_subject_idx on audit.entry (subject_kind, subject_id, id desc)`,
      `create function audit.refuse_change() returns trigger language plpgsql as $$
       begin
         raise exception 'audit.entry is append-only: % refused', tg_op
           using errcode = '42501', hint = 'Audit entries are never changed or removed; append a new entry instead.';
       end
       $$`,
      `create trigger entry_append_only before update or delete on audit.entry
       for each row execute function audit.refuse_change()`,
      `create trigger entry_no_truncate before truncate on audit.entry
       for each statement execute function audit.refuse_change()`,
    ],
  },
];

/** What ensureAuditSchema needs of a connection: one statement at a time (a pg Client or PoolClient). */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: any[]; rowCount: number | null }>;
}

async function apply(client: Queryable): Promise<string[]> {
  await client.query('begin');
  try {
    // Serialises the DDL across processes: several subgraphs may start, and write, at once.
    await client.query(`select pg_advisory_xact_lock(hashtext('siuss.audit.schema'))`);
    await client.query(`create schema if not exists ${AUDIT_SCHEMA}`);
    await client.query(`create table if not exists ${AUDIT_SCHEMA}.migration (name text primary key, applied_at timestamptz not null default now())`);
    const done = new Set((await client.query(`select name from ${AUDIT_SCHEMA}.migration`)).rows.map((row: { name: string }) => row.name));
    const applied: string[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.name)) continue;
      for (const statement of migration.statements) await client.query(statement);
      await client.query(`insert into ${AUDIT_SCHEMA}.migration (name) values ($1)`, [migration.name]);
      applied.push(migration.name);
    }
    await client.query('commit');
    return applied;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

/**
 * Creates the `audit` schema, its append-only `entry` table (a trigger refuses UPDATE, DELETE and
 * TRUNCATE) and its index, applying whichever migrations are missing; returns their names.
 * Idempotent and safe from several processes at once (a transaction-level advisory lock): whoever
 * writes first applies them. `target` is the hub database URL or an open connection (not inside a
 * transaction).
 */
export async function ensureAuditSchema(target: string | Queryable): Promise<string[]> {
  if (typeof target !== 'string') return apply(target);
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  try {
    return await apply(client);
  } finally {
    await client.end();
  }
}
