import type { MikroORM } from '@mikro-orm/postgresql';
import { initORM, migrate } from '@siuss/db/orm';
import { Agreement } from './entities/Agreement.ts';
import { Ambito } from './entities/Ambito.ts';
import { AmbitoBody } from './entities/AmbitoBody.ts';
import { AmbitoComune } from './entities/AmbitoComune.ts';
import { ChangeLogEntry } from './entities/ChangeLogEntry.ts';
import { Declaration } from './entities/Declaration.ts';
import { DeclaredProfessional } from './entities/DeclaredProfessional.ts';
import { DeclaredService } from './entities/DeclaredService.ts';
import { FundModule } from './entities/FundModule.ts';
import { ImplementingBody } from './entities/ImplementingBody.ts';
import { migrations } from './migrations/list.ts';

export const SCHEMA = 'offering';

export interface OfferingOrmOptions {
  url: string;
  onQuery?: (sql: string) => void;
}

/** The subgraph's ORM on its own PostgreSQL schema, with its entities and committed migrations. */
export function createOrm({ url, onQuery }: OfferingOrmOptions): Promise<MikroORM> {
  return initORM({
    url,
    schema: SCHEMA,
    entities: [ImplementingBody, Ambito, AmbitoComune, AmbitoBody, Agreement, Declaration, DeclaredService, DeclaredProfessional, FundModule, ChangeLogEntry],
    migrations,
    migrationsPath: new URL('./migrations', import.meta.url).pathname,
    ...(onQuery ? { onQuery } : {}),
  });
}

/** Applies the subgraph's pending migrations; returns their names. */
export function migrateOffering(orm: MikroORM, url: string): Promise<string[]> {
  return migrate(orm, SCHEMA, url);
}
