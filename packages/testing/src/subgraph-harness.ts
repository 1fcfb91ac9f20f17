import type { ApolloServer, BaseContext } from '@apollo/server';
import { SqlCounter } from '@siuss/db/sql-counter';
import { createLogger, type Logger } from '@siuss/logging/logger';
import { anonymousViewer, type Viewer } from '@siuss/service/viewer';
import { createTestDatabase, type TestDatabase } from './database.ts';

/** A GraphQL response as tests read it. */
export interface GraphQLResult {
  data?: Record<string, any> | null;
  errors?: ReadonlyArray<{ message: string; extensions?: Record<string, any>; path?: ReadonlyArray<string | number> }>;
}

/** A migrated subgraph on its own test database, run in-process. */
export interface SubgraphHarness<TOrm> {
  db: TestDatabase;
  orm: TOrm;
  /** Counts the SQL statements the ORM sends (`sql.measure(...)`), to prove there is no N+1. */
  sql: SqlCounter;
  /** Runs an operation with a fresh context; the harness's default viewer unless one is given. */
  execute(query: string, variables?: Record<string, unknown>, viewer?: Viewer): Promise<GraphQLResult>;
  /** Stops Apollo, closes the ORM and drops the database (unless it was given). */
  close(): Promise<void>;
}

export interface SubgraphHarnessOptions<TOrm extends { close(): Promise<void> }, TContext extends BaseContext> {
  /** Prefix of the test database and name of the logger (`<name>-test`). */
  name: string;
  /** An existing database to use and leave in place on close; a fresh one by default. */
  db?: TestDatabase;
  createOrm(options: { url: string; onQuery: (sql: string) => void }): Promise<TOrm>;
  migrate(orm: TOrm, url: string): Promise<unknown>;
  createServer(deps: { orm: TOrm; logger: Logger }): { apollo: ApolloServer<TContext>; createContext(viewer: Viewer): TContext };
  /** The viewer of `execute` calls that give none; anonymous by default. */
  viewer?: () => Viewer;
  /** Pass results through JSON, as a client over HTTP sees them (DateTime values become ISO strings). */
  json?: boolean;
}

/**
 * Starts a database subgraph in-process for a test file: a test database (or `db`), the ORM with
 * a SqlCounter on its queries, the committed migrations, and the Apollo server built by the
 * subgraph's own factory, called through `executeOperation` with a fresh context per operation,
 * as a request over HTTP would be. The logger is silent unless TEST_LOG_LEVEL says otherwise.
 */
export async function startSubgraphHarness<TOrm extends { close(): Promise<void> }, TContext extends BaseContext>(
  options: SubgraphHarnessOptions<TOrm, TContext>,
): Promise<SubgraphHarness<TOrm>> {
  const db = options.db ?? (await createTestDatabase(options.name));
  const sql = new SqlCounter();
  const orm = await options.createOrm({ url: db.url, onQuery: sql.onQuery });
  await options.migrate(orm, db.url);
  const logger = createLogger({ name: `${options.name}-test`, level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
  const { apollo, createContext } = options.createServer({ orm, logger });
  await apollo.start();
  const defaultViewer = options.viewer ?? anonymousViewer;
  return {
    db,
    orm,
    sql,
    async execute(query, variables = {}, viewer = defaultViewer()) {
      const response = await apollo.executeOperation({ query, variables }, { contextValue: createContext(viewer) });
      if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
      const result = response.body.singleResult as GraphQLResult;
      return options.json ? (JSON.parse(JSON.stringify(result)) as GraphQLResult) : result;
    },
    async close() {
      await apollo.stop();
      await orm.close();
      if (!options.db) await db.drop();
    },
  };
}
