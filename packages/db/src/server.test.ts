import { afterAll, describe, expect, it } from '@jest/globals';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import pg from 'pg';
import { startDatabaseServer } from './server.ts';
import { ensureDatabase, dropDatabase, openHubDatabase } from './databases.ts';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL bootstrap', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('initialises an empty data folder, and a second start reuses the data', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'siuss-db-'));
    dirs.push(dir);
    await chmod(dir, 0o755);
    const dataDir = join(dir, 'nested', 'postgres');
    const port = await freePort();
    const progress: string[] = [];

    const first = await startDatabaseServer({ dataDir, port, onProgress: (line) => progress.push(line) });
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    expect(progress.some((line) => line.includes('Initialising'))).toBe(true);
    const url = await ensureDatabase(first.adminUrl, 'bootstrap_check');
    await query(url, 'create table kept (value text); insert into kept values ($$still here$$)');
    await first.stop();

    const restartProgress: string[] = [];
    const second = await startDatabaseServer({ dataDir, port, onProgress: (line) => restartProgress.push(line) });
    try {
      expect(restartProgress.some((line) => line.includes('Initialising'))).toBe(false);
      expect(await query(url, 'select value from kept')).toEqual([{ value: 'still here' }]);
      await dropDatabase(second.adminUrl, 'bootstrap_check');
    } finally {
      await second.stop();
    }
  });

  it('explains what to do when the port is taken', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'siuss-db-'));
    dirs.push(dir);
    await chmod(dir, 0o755);
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      await expect(startDatabaseServer({ dataDir: join(dir, 'postgres'), port })).rejects.toThrow(/SIUSS_PG_PORT/);
    } finally {
      blocker.close();
    }
  });

  it('opens an external server whose hub database does not exist yet, creating it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'siuss-db-'));
    dirs.push(dir);
    await chmod(dir, 0o755);
    const server = await startDatabaseServer({ dataDir: join(dir, 'postgres'), port: await freePort() });
    try {
      const url = new URL(server.adminUrl);
      url.pathname = '/not_created_yet';
      const hub = await openHubDatabase({ url: url.toString(), dataDir: '', port: 0, name: 'ignored' });
      expect(hub.url).toBe(url.toString());
      expect(await query(hub.url, 'select current_database() as name')).toEqual([{ name: 'not_created_yet' }]);
    } finally {
      await server.stop();
    }
  });

  it('refuses an unreachable external server with a hint', async () => {
    const port = await freePort();
    await expect(
      startDatabaseServer({ url: `postgres://postgres@127.0.0.1:${port}/postgres`, dataDir: '', port: 0 }),
    ).rejects.toThrow(/DATABASE_URL/);
  });
});
