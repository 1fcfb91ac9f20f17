import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createOrm as createAssessmentsOrm, migrateAssessments } from '@siuss/subgraph-assessments/orm';
import { createOrm as createBenefitsOrm, migrateBenefits } from '@siuss/subgraph-benefits/orm';
import { createTestDatabase, type TestDatabase } from '@siuss/testing/database';
import { testAuth } from '@siuss/testing/auth';
import { freePort } from '@siuss/testing/http';
import { generatePsFlowXml } from '@siuss/xsd/flow-reader';
import type { FlowSummary } from './routes.ts';

// The flows service as its own process (src/index.ts, as npm start runs it) is killed with SIGKILL
// in the middle of storing a flow, then started again: the flow resumes after the last committed
// batch and ends with every record stored exactly once.

const RECORDS = 20_000;
const ENTRY = fileURLToPath(new URL('./index.ts', import.meta.url));
let db: TestDatabase;
let port: number;
let child: ChildProcess | undefined;

function start(): ChildProcess {
  const env = {
    ...process.env,
    ...testAuth().env,
    DATABASE_URL: db.url,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    SIUSS_FLOWS_PORT: String(port),
    SIUSS_FLOWS_BATCH_SIZE: '100',
    SIUSS_WAAS_POLL_SECONDS: '0',
    SIUSS_SEED_DEMO: 'false',
  };
  const process_ = spawn(process.execPath, [ENTRY], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  process_.stderr?.resume();
  return process_;
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const summary = async (id: string): Promise<FlowSummary> => (await (await fetch(`http://127.0.0.1:${port}/flows/${id}`, { headers: await testAuth().bearer('ENTE_OPERATOR') })).json()) as FlowSummary;
const ready = () => until(async () => ((await fetch(`http://127.0.0.1:${port}/ready`)).ok ? true : undefined), 60_000, 'the flows service');

beforeAll(async () => {
  db = await createTestDatabase('restart');
  for (const [create, migrate] of [[createBenefitsOrm, migrateBenefits], [createAssessmentsOrm, migrateAssessments]] as const) {
    const orm = await create({ url: db.url });
    await migrate(orm, db.url);
    await orm.close();
  }
  port = await freePort();
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await db?.drop();
});

describe('a flow interrupted by a crash', () => {
  it('resumes after a restart and stores every record exactly once', async () => {
    child = start();
    await ready();
    const ente = { Codice: 'H501', Denominazione: 'Comune di Roma', Indirizzo: 'H501', CFOperatore: 'XXXXXX80P20B501B' };
    async function* body(): AsyncGenerator<Buffer> {
      for await (const text of generatePsFlowXml({ name: 'H501.PS.20261201.0000777', ente, records: RECORDS, seed: 7 })) yield Buffer.from(text);
    }
    const upload = await fetch(`http://127.0.0.1:${port}/flows?format=XML`, { method: 'POST', body: body() as unknown as ReadableStream, duplex: 'half', headers: await testAuth().bearer('ENTE_OPERATOR') } as RequestInit);
    const { id } = (await upload.json()) as { id: string };
    // Kill it once a few batches are committed, well before the end.
    const during = await until(async () => {
      const flow = await summary(id);
      return flow.state === 'STORING' && flow.processedRecords >= 300 ? flow : undefined;
    }, 60_000, 'the flow to be half stored');
    child.kill('SIGKILL');
    await new Promise((resolve) => child?.once('exit', resolve));
    expect(during.processedRecords).toBeLessThan(RECORDS);

    child = start();
    await ready();
    const done = await until(async () => {
      const flow = await summary(id);
      return flow.state === 'DONE' || flow.state === 'FAILED' ? flow : undefined;
    }, 120_000, 'the resumed flow to end');
    expect(done).toMatchObject({ state: 'DONE', totalRecords: RECORDS, processedRecords: RECORDS });
    expect(done.counts.OK).toBe(RECORDS);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const outcomes = await client.query('select count(*)::int as n, count(distinct record_index)::int as d, min(record_index) as lo, max(record_index) as hi from flows.flow_record where flow_id = $1', [id]);
      expect(outcomes.rows[0]).toEqual({ n: RECORDS, d: RECORDS, lo: 0, hi: RECORDS - 1 });
      const stored = await client.query(`select count(*)::int as n from benefits.benefit b join benefits.submission s on s.id = b.submission_id where s.flow_name = 'H501.PS.20261201.0000777'`);
      expect(stored.rows[0]?.['n']).toBe(RECORDS);
      const attempts = await client.query('select attempts from flows.flow where id = $1', [id]);
      expect(attempts.rows[0]?.['attempts']).toBeGreaterThanOrEqual(2);
    } finally {
      await client.end();
    }
  }, 240_000);
});
