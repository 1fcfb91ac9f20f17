import type { MikroORM } from '@mikro-orm/postgresql';
import { initORM, migrate } from '@siuss/db/orm';
import { Beneficiary } from './entities/Beneficiary.ts';
import { Benefit } from './entities/Benefit.ts';
import { Submission } from './entities/Submission.ts';
import { migrations } from './migrations/list.ts';

export const SCHEMA = 'benefits';

export interface BenefitsOrmOptions {
  url: string;
  onQuery?: (sql: string) => void;
}

/** The subgraph's ORM on its own PostgreSQL schema, with its entities and committed migrations. */
export function createOrm({ url, onQuery }: BenefitsOrmOptions): Promise<MikroORM> {
  return initORM({
    url,
    schema: SCHEMA,
    entities: [Beneficiary, Submission, Benefit],
    migrations,
    migrationsPath: new URL('./migrations', import.meta.url).pathname,
    ...(onQuery ? { onQuery } : {}),
  });
}

/** Applies the subgraph's pending migrations; returns their names. */
export function migrateBenefits(orm: MikroORM, url: string): Promise<string[]> {
  return migrate(orm, SCHEMA, url);
}
