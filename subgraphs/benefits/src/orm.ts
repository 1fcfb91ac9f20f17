import { defineSubgraphOrm } from '@siuss/db/orm';
import { Beneficiary } from './entities/Beneficiary.ts';
import { Benefit } from './entities/Benefit.ts';
import { Submission } from './entities/Submission.ts';
import { migrations } from './migrations/list.ts';
import { SCHEMA } from './db-schema.ts';


const subgraphOrm = defineSubgraphOrm({
  schema: SCHEMA,
  entities: [Beneficiary, Submission, Benefit],
  migrations,
  migrationsPath: new URL('./migrations', import.meta.url).pathname,
});

/** The subgraph's ORM on its own PostgreSQL schema, with its entities and committed migrations. */
export const createOrm = subgraphOrm.createOrm;

/** Applies the subgraph's pending migrations; returns their names. */
export const migrateBenefits = subgraphOrm.migrate;
