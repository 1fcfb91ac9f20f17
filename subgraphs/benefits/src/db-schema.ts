/** The PostgreSQL schema of the benefits subgraph's tables; apart from orm.ts so raw-SQL writers need not load the ORM. */
export const SCHEMA = 'benefits';
