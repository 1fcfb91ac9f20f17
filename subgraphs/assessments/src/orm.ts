import type { MikroORM } from '@mikro-orm/postgresql';
import { initORM, migrate } from '@siuss/db/orm';
import { SinaAssessment } from './entities/SinaAssessment.ts';
import { SinbaCase } from './entities/SinbaCase.ts';
import { Submission } from './entities/Submission.ts';
import { migrations } from './migrations/list.ts';

export const SCHEMA = 'assessments';

export interface AssessmentsOrmOptions {
  url: string;
  onQuery?: (sql: string) => void;
}

/** The subgraph's ORM on its own PostgreSQL schema, with its entities and committed migrations. */
export function createOrm({ url, onQuery }: AssessmentsOrmOptions): Promise<MikroORM> {
  return initORM({
    url,
    schema: SCHEMA,
    entities: [Submission, SinaAssessment, SinbaCase],
    migrations,
    migrationsPath: new URL('./migrations', import.meta.url).pathname,
    ...(onQuery ? { onQuery } : {}),
  });
}

/** Applies the subgraph's pending migrations; returns their names. */
export function migrateAssessments(orm: MikroORM, url: string): Promise<string[]> {
  return migrate(orm, SCHEMA, url);
}
