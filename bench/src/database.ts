// The PostgreSQL a benchmark runs on: DATABASE_URL's server, or an embedded one as the tests use it.
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { dropDatabase, ensureDatabase } from '@siuss/db/databases';
import { startDatabaseServer, type DatabaseServer } from '@siuss/db/server';
import { freePort } from '@siuss/testing/http';
import { createOrm as createAssessmentsOrm, migrateAssessments } from '@siuss/subgraph-assessments/orm';
import { createOrm as createBenefitsOrm, migrateBenefits } from '@siuss/subgraph-benefits/orm';


export interface BenchServer {
  adminUrl: string;
  /** "embedded PostgreSQL 18.1 ..." or "DATABASE_URL: PostgreSQL 15.20 ...". */
  description: string;
  stop(): Promise<void>;
}

/**
 * The server for a benchmark run: the one at `url` (DATABASE_URL) when given, otherwise an embedded
 * PostgreSQL in a fresh temporary folder on a free port, exactly as the test global setup starts it
 * (plus `settings`, e.g. to preload pg_stat_statements; an external server keeps its own).
 * `stop()` stops and removes the embedded one and leaves an external one alone.
 */
export async function openBenchServer(url: string | undefined, settings?: Readonly<Record<string, string>>): Promise<BenchServer> {
  let server: DatabaseServer;
  let dir: string | undefined;
  if (url) {
    server = await startDatabaseServer({ url, dataDir: '', port: 0 });
  } else {
    dir = await mkdtemp(join(tmpdir(), 'siuss-bench-pg-'));
    await chmod(dir, 0o755);
    server = await startDatabaseServer({ dataDir: join(dir, 'postgres'), port: await freePort(), settings });
  }
  const client = new pg.Client({ connectionString: server.adminUrl });
  await client.connect();
  const version = (await client.query<{ v: string }>('select version() as v')).rows[0]?.v ?? '?';
  await client.end();
  return {
    adminUrl: server.adminUrl,
    description: `${url ? 'DATABASE_URL' : 'embedded'}: ${version.split(' on ')[0] ?? version}`,
    stop: async () => {
      await server.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database with the benefits and assessments schemas migrated (the flows service migrates its own on start). */
export async function freshDatabase(server: BenchServer, prefix: string): Promise<BenchDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const url = await ensureDatabase(server.adminUrl, name);
  for (const [create, migrate] of [[createBenefitsOrm, migrateBenefits], [createAssessmentsOrm, migrateAssessments]] as const) {
    const orm = await create({ url });
    await migrate(orm, url);
    await orm.close();
  }
  return { url, drop: () => dropDatabase(server.adminUrl, name) };
}
