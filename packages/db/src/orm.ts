import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import pg from 'pg';

type MigrationsList = NonNullable<NonNullable<Options['migrations']>['migrationsList']>;

export interface SubgraphOrmOptions {
  /** URL of the hub database. */
  url: string;
  /** The PostgreSQL schema the subgraph owns; every table of the subgraph lives there. */
  schema: string;
  entities: NonNullable<Options['entities']>;
  /** Committed migrations, imported explicitly so they run the same under Node and Jest. */
  migrations: MigrationsList;
  /** Folder where `migration:create` writes new migrations. */
  migrationsPath?: string;
  /** Sees every SQL statement before it is sent (statement counting in tests and benchmarks). */
  onQuery?: (sql: string) => void;
  poolMax?: number;
}

/** Creates the subgraph's schema if missing; migrations then create tables inside it. */
export async function ensureSchema(url: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name ${schema}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create schema if not exists "${schema}"`);
  } catch (error) {
    // Concurrent creation by another process of the same subgraph.
    if ((error as { code?: string }).code !== '23505') throw error;
  } finally {
    await client.end();
  }
}

/**
 * Builds a MikroORM instance scoped to one subgraph's schema. An `initORM()` factory rather than a
 * singleton, so tests and the service each own theirs and close it.
 */
export async function initORM(options: SubgraphOrmOptions): Promise<MikroORM> {
  const onQuery = options.onQuery;
  return MikroORM.init({
    clientUrl: options.url,
    schema: options.schema,
    entities: options.entities,
    extensions: [Migrator],
    allowGlobalContext: false,
    forceUtcTimezone: true,
    pool: { min: 0, max: options.poolMax ?? 10 },
    ...(onQuery ? { onQuery: (sql: string) => { onQuery(sql); return sql; } } : {}),
    migrations: {
      migrationsList: options.migrations,
      schema: options.schema,
      tableName: 'mikro_orm_migrations',
      path: options.migrationsPath ?? './src/migrations',
      emit: 'ts',
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
  });
}

/** Applies pending migrations of the subgraph, creating its schema first. Returns the names applied. */
export async function migrate(orm: MikroORM, schema: string, url: string): Promise<string[]> {
  await ensureSchema(url, schema);
  const applied = await orm.migrator.up();
  return applied.map((migration) => migration.name);
}

/** How a subgraph opens its ORM: on a URL, with an optional statement hook (tests count statements). */
export type SubgraphOrmFactory = (options: { url: string; onQuery?: ((sql: string) => void) | undefined }) => Promise<MikroORM>;

/**
 * The ORM factory and migrator of one subgraph, from what the subgraph declares once: its schema,
 * entities, committed migrations and migrations folder. `createOrm` is `initORM` on a URL;
 * `migrate` applies the pending migrations, creating the schema first, and returns their names.
 */
export function defineSubgraphOrm(options: Omit<SubgraphOrmOptions, 'url' | 'onQuery'>): {
  createOrm: SubgraphOrmFactory;
  migrate(orm: MikroORM, url: string): Promise<string[]>;
} {
  return {
    createOrm: ({ url, onQuery }) => initORM({ ...options, url, ...(onQuery ? { onQuery } : {}) }),
    migrate: (orm, url) => migrate(orm, options.schema, url),
  };
}
