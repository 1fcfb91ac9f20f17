import { defineSubgraphOrm } from '@siuss/db/orm';
import { SinaAssessment } from './entities/SinaAssessment.ts';
import { SinbaCase } from './entities/SinbaCase.ts';
import { Submission } from './entities/Submission.ts';
import { migrations } from './migrations/list.ts';
import { SCHEMA } from './db-schema.ts';


const subgraphOrm = defineSubgraphOrm({
  schema: SCHEMA,
  entities: [Submission, SinaAssessment, SinbaCase],
  migrations,
  migrationsPath: new URL('./migrations', import.meta.url).pathname,
});

/** The subgraph's ORM on its own PostgreSQL schema, with its entities and committed migrations. */
export const createOrm = subgraphOrm.createOrm;

/** Applies the subgraph's pending migrations; returns their names. */
export const migrateAssessments = subgraphOrm.migrate;
