import { defineSubgraphOrm } from '@siuss/db/orm';
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

const subgraphOrm = defineSubgraphOrm({
  schema: SCHEMA,
  entities: [ImplementingBody, Ambito, AmbitoComune, AmbitoBody, Agreement, Declaration, DeclaredService, DeclaredProfessional, FundModule, ChangeLogEntry],
  migrations,
  migrationsPath: new URL('./migrations', import.meta.url).pathname,
});

/** The subgraph's ORM on its own PostgreSQL schema, with its entities and committed migrations. */
export const createOrm = subgraphOrm.createOrm;

/** Applies the subgraph's pending migrations; returns their names. */
export const migrateOffering = subgraphOrm.migrate;
