import { defineSubgraphOrm } from '@siuss/db/orm';
import { Flow } from './entities/Flow.ts';
import { FlowChunk } from './entities/FlowChunk.ts';
import { FlowRecord } from './entities/FlowRecord.ts';
import { WaasEnte } from './entities/WaasEnte.ts';
import { migrations } from './migrations/list.ts';

export const SCHEMA = 'flows';

const subgraphOrm = defineSubgraphOrm({
  schema: SCHEMA,
  entities: [Flow, FlowRecord, FlowChunk, WaasEnte],
  migrations,
  migrationsPath: new URL('./migrations', import.meta.url).pathname,
});

/** The subgraph's ORM on its own PostgreSQL schema, with its entities and committed migrations. */
export const createOrm = subgraphOrm.createOrm;

/** Applies the subgraph's pending migrations; returns their names. */
export const migrateFlows = subgraphOrm.migrate;
