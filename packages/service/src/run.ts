import type { ApolloServer, BaseContext } from '@apollo/server';
import { loadSignatureSettings } from '@siuss/auth/config';
import type { HubConfig } from '@siuss/config/config';
import type { StartSettings } from '@siuss/config/subgraph';
import { openHubDatabase } from '@siuss/db/databases';
import type { Logger } from '@siuss/logging/logger';
import { serveApollo, type HttpRoute } from './http.ts';
import { runUntilStopped, serviceLogger } from './lifecycle.ts';
import { releaseMemory } from './memory.ts';
import type { Viewer } from './viewer.ts';

/** What runDatabaseSubgraph needs of an ORM: a readiness probe and a way to close it. */
export interface SubgraphOrm {
  checkConnection(): Promise<{ ok: boolean }>;
  close(): Promise<void>;
}

/** A built subgraph service: the Apollo server and the per-request context factory. */
export interface SubgraphService<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  createContext(viewer: Viewer): TContext;
  /** Extra HTTP endpoints beside /graphql (see serveApollo). */
  routes?: HttpRoute;
  /** Background work started once the service serves (workers, pollers); stopped before HTTP closes. */
  background?: { start(): Promise<void>; stop(): Promise<void> };
}

export interface DatabaseSubgraphOptions<TOrm extends SubgraphOrm, TContext extends BaseContext> {
  /** The subgraph's name: the logger's name and the "<name> subgraph ready" line. */
  name: string;
  /** The subgraph's settings (its loadConfig()): hub settings, its port, SIUSS_MIGRATE_ON_START, SIUSS_SEED_DEMO. */
  config: { hub: HubConfig; port: number } & StartSettings;
  /** Introspection on or off; on everywhere but production by default. */
  introspection?: boolean;
  /** Opens the subgraph's ORM on the hub database (the subgraph's own `createOrm`). */
  createOrm(options: { url: string }): Promise<TOrm>;
  /** Applies the subgraph's pending migrations on the hub database at `url`; returns their names. */
  migrate(orm: TOrm, url: string): Promise<string[]>;
  /** With SIUSS_SEED_DEMO: loads demo data when the subgraph's tables are empty; returns the line to log, if any. */
  seed?(orm: TOrm, logger: Logger): Promise<string | undefined>;
  createServer(deps: { orm: TOrm; logger: Logger; introspection: boolean }): SubgraphService<TContext>;
}

/**
 * Runs a database-backed subgraph until it is stopped: reads the gateway's signing secret
 * (SIUSS_HMAC_SECRET, see loadSignatureSettings), opens the hub database (embedded or
 * DATABASE_URL, created on first use), creates the ORM, migrates and seeds when configured,
 * serves the Apollo server over HTTP with `/ready` answering from the database, and on
 * SIGINT/SIGTERM/disconnect closes HTTP, the ORM and the database server in that order.
 * Every database subgraph starts exactly this way; each brings only its own pieces.
 */
export async function runDatabaseSubgraph<TOrm extends SubgraphOrm, TContext extends BaseContext>(
  options: DatabaseSubgraphOptions<TOrm, TContext>,
): Promise<void> {
  const { name, config } = options;
  const { hub } = config;
  const logger = serviceLogger(name, hub);
  let gatewaySecret: string;
  try {
    gatewaySecret = loadSignatureSettings(process.env, hub).hmacSecret;
  } catch (error) {
    failToStart(name, logger, error);
  }
  const database = await openHubDatabase({
    url: hub.database.url,
    dataDir: hub.database.dataDir,
    port: hub.database.embeddedPort,
    name: hub.database.name,
    onProgress: (line) => logger.info(line),
  }).catch((error: unknown) => failToStart(name, logger, error));
  let orm: TOrm | undefined;
  try {
    orm = await options.createOrm({ url: database.url });
    if (config.migrateOnStart) {
      const applied = await options.migrate(orm, database.url);
      if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    }
    if (config.seedDemo && options.seed) {
      const message = await options.seed(orm, logger);
      if (message) logger.info(message);
    }
    const ready = orm;
    const { apollo, createContext, routes, background } = options.createServer({ orm, logger, introspection: options.introspection ?? hub.environment !== 'production' });
    const service = await serveApollo({
      apollo,
      port: config.port,
      host: hub.host,
      gatewaySecret,
      context: async ({ viewer }) => createContext(viewer),
      ready: () => ready.checkConnection().then((result) => result.ok),
      logger,
      ...(routes ? { routes } : {}),
    });
    await background?.start();
    logger.info(`${name} subgraph ready at ${service.url}`);
    // Start-up (modules, schema, migrations) leaves the heap far larger than what serving needs.
    releaseMemory();
    runUntilStopped(name, logger, async () => {
      await background?.stop();
      await service.close();
      await ready.close();
      await database.server.stop();
    });
  } catch (error) {
    await orm?.close().catch(() => undefined);
    await database.server.stop().catch(() => undefined);
    failToStart(name, logger, error);
  }
}

/** Says why the service could not start and what to do, then exits with 1 (no stack trace: it may quote data). */
function failToStart(name: string, logger: Logger, error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  const hint = (error as { code?: string } | null)?.code === 'EADDRINUSE' ? ` Stop it, or set SIUSS_${name.toUpperCase()}_PORT to a free port.` : '';
  logger.fatal(`${name} could not start: ${message}${hint}`);
  process.exit(1);
}
