/** The PostgreSQL schema of the assessments subgraph's tables; apart from orm.ts so raw-SQL writers need not load the ORM. */
export const SCHEMA = 'assessments';
