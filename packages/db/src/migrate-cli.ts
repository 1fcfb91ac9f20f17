import type { MikroORM } from '@mikro-orm/postgresql';
import { loadHubConfig, type HubConfig } from '@siuss/config/config';
import { createLogger, type Logger } from '@siuss/logging/logger';
import { ensureDatabase } from './databases.ts';
import { ensureSchema } from './orm.ts';
import { startDatabaseServer } from './server.ts';

export interface MigrationCliOptions {
  /** The subgraph's name; the log is `<name>-migrate`. */
  name: string;
  /** The PostgreSQL schema the subgraph owns. */
  schema: string;
  /** Hub settings (the subgraph's loadConfig().hub, so its own settings are validated too); loadHubConfig() by default. */
  hub?: HubConfig;
  /** Opens the subgraph's ORM (its own `createOrm`). */
  createOrm(options: { url: string }): Promise<MikroORM>;
  /** Applies the subgraph's pending migrations; returns their names. */
  migrate(orm: MikroORM, url: string): Promise<string[]>;
  /** Command-line arguments; `--create` writes a migration instead of applying them. Default process.argv. */
  argv?: readonly string[];
  /** Where progress goes; `<name>-migrate` at the hub's level (info when silent) by default. */
  logger?: Logger;
}

/**
 * The body of a subgraph's `src/migrate.ts`. `npm run migrate` applies pending migrations;
 * `npm run migration:create` (`--create`) first brings the database up to date, then writes a new
 * migration from the difference between the entities and the database (the initial one when none
 * was applied yet), to be reviewed and added to `src/migrations/list.ts`. Works on the embedded
 * server or DATABASE_URL, creating the hub database on first use, and stops what it started.
 */
export async function runMigrationCli(options: MigrationCliOptions): Promise<void> {
  const hub = options.hub ?? loadHubConfig();
  const argv = options.argv ?? process.argv;
  const log = options.logger ?? createLogger({ name: `${options.name}-migrate`, level: hub.logLevel === 'silent' ? 'info' : hub.logLevel });
  const server = await startDatabaseServer({
    url: hub.database.url,
    dataDir: hub.database.dataDir,
    port: hub.database.embeddedPort,
    onProgress: (line) => log.info(line),
  });
  try {
    const url = await ensureDatabase(server.adminUrl, hub.database.name);
    const orm = await options.createOrm({ url });
    try {
      if (argv.includes('--create')) {
        await ensureSchema(url, options.schema);
        await orm.migrator.up();
        const result = await orm.migrator.create(undefined, false, (await orm.migrator.getExecuted()).length === 0);
        log.info(result.fileName ? `Wrote ${result.fileName}; review it and add it to src/migrations/list.ts.` : 'No changes: the database matches the entities.');
      } else {
        const applied = await options.migrate(orm, url);
        log.info(applied.length ? `Applied ${applied.join(', ')}` : 'No pending migrations.');
      }
    } finally {
      await orm.close();
    }
  } finally {
    await server.stop();
  }
}
