import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDatabaseServer, type DatabaseServer } from '@siuss/db/server';
import { freePort } from './http.ts';

declare global {
  var __siussTestDatabase: { server: DatabaseServer; dir: string | undefined } | undefined;
}

/**
 * Jest global setup: one PostgreSQL for the whole run. With DATABASE_URL it uses that server;
 * otherwise an embedded one in a fresh temporary folder on a free port. Test files then create
 * their own databases on it (see database.ts), so they can run in parallel.
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env['DATABASE_URL'];
  let dir: string | undefined;
  let server: DatabaseServer;
  if (url) {
    server = await startDatabaseServer({ url, dataDir: '', port: 0 });
  } else {
    dir = await mkdtemp(join(tmpdir(), 'siuss-test-'));
    await chmod(dir, 0o755);
    server = await startDatabaseServer({ dataDir: join(dir, 'postgres'), port: await freePort() });
  }
  process.env['SIUSS_TEST_ADMIN_URL'] = server.adminUrl;
  globalThis.__siussTestDatabase = { server, dir };
}
