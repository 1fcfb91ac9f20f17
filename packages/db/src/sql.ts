/**
 * The least a batch writer needs of a database connection: one parameterised statement at a time.
 * A `pg` client inside a transaction satisfies it, so writers owned by different subgraphs (a
 * benefit and its SINA assessment) can share one transaction without sharing an ORM.
 */
export interface Sql {
  query<Row = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: Row[]; rowCount: number | null }>;
}
