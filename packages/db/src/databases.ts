import pg from 'pg';
import { startDatabaseServer, withDatabase, type DatabaseServer, type DatabaseServerOptions } from './server.ts';

const VALID_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function assertName(name: string): void {
  if (!VALID_NAME.test(name)) throw new Error(`"${name}" is not a valid database name (lowercase letters, digits, _).`);
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates database `name` unless it exists; returns its URL. Safe to call from several processes at once. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  assertName(name);
  await withAdmin(adminUrl, async (client) => {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount === 0) {
      try {
        await client.query(`create database "${name}"`);
      } catch (error) {
        // 42P04 duplicate_database, 23505: another process created it first.
        const code = (error as { code?: string }).code;
        if (code !== '42P04' && code !== '23505') throw error;
      }
    }
  });
  return withDatabase(adminUrl, name);
}

/** Drops database `name`, closing its open connections first. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  assertName(name);
  await withAdmin(adminUrl, (client) => client.query(`drop database if exists "${name}" with (force)`));
}

export interface HubDatabase {
  /** URL of the hub database itself. */
  url: string;
  server: DatabaseServer;
}

/**
 * Opens the hub database. With DATABASE_URL the URL is used as given (its database is created when
 * missing and the user may create databases); otherwise the embedded server is started and database
 * `name` created on it on first use.
 */
export async function openHubDatabase(options: DatabaseServerOptions & { name: string }): Promise<HubDatabase> {
  const server = await startDatabaseServer(options);
  if (options.url) {
    const name = decodeURIComponent(new URL(options.url).pathname.slice(1)) || 'postgres';
    if (name !== 'postgres' && VALID_NAME.test(name)) await ensureDatabase(server.adminUrl, name).catch(() => undefined);
    return { url: options.url, server };
  }
  return { url: await ensureDatabase(server.adminUrl, options.name), server };
}
