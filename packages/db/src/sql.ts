import type { EntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery } from 'kysely';

/**
 * The least a batch writer needs of a database connection: one parameterised statement at a time
 * (`$1`, `$2`... placeholders, arrays passed as PostgreSQL arrays). A `pg` client inside a
 * transaction satisfies it, so writers owned by different subgraphs (a benefit and its SINA
 * assessment) can share one transaction without sharing an ORM; `sqlOf` adapts an EntityManager.
 */
export interface Sql {
  query<Row = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: Row[]; rowCount: number | null }>;
}

interface Executor {
  executeQuery(query: CompiledQuery): Promise<{ rows: unknown[]; numAffectedRows?: bigint }>;
}

/**
 * The `Sql` of an EntityManager: its open transaction when called inside `em.transactional`, else
 * its connection. Statements go to the driver as written (no ORM placeholder rewriting), so the
 * same batch writer serves a single-record mutation and a flow of a million records.
 */
export function sqlOf(em: EntityManager): Sql {
  return {
    async query<Row>(text: string, values: unknown[] = []) {
      const executor = (em.getTransactionContext() ?? em.getConnection().getClient()) as Executor;
      const result = await executor.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as Row[], rowCount: result.numAffectedRows === undefined ? result.rows.length : Number(result.numAffectedRows) };
    },
  };
}
