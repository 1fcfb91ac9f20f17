import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadJwtSettings } from '@siuss/auth/config';
import { demoClaims } from '@siuss/auth/demo-identities';
import { mintDevelopmentToken } from '@siuss/auth/dev-tokens';
import { loadHubConfig } from '@siuss/config/config';
import { startDatabaseServer } from '@siuss/db/server';
import { freePort, graphqlRequest } from '@siuss/testing/http';
import pg from 'pg';

// `npm start` itself: the real entry (node packages/launcher/src/main.ts) as a process, on a fresh
// data folder with no DATABASE_URL, so the embedded PostgreSQL is created on the first run. Ctrl-C
// (SIGINT) must stop every process and free every port, and the next start must reuse the data.

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SERVICES = ['benefits', 'assessments', 'offering', 'registries', 'flows', 'isee', 'nsis', 'waas'] as const;
const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 30_000;
/** The line each seeding subgraph logs when it loads demo data into its empty tables (see subgraphs/<name>/src/index.ts). */
const DEMO_LOADED = /^\[(benefits|assessments|offering)\] info demo data loaded: /;
const PERSON = '{ person(taxCode: "SPSNNA41A69F839C") { taxCode surname name benefits(first: 10) { totalCount } } }';
const RECORDED = { taxCode: 'RSSMRK66C14H501U', surname: 'ROSSI', name: 'MIRKO' };
/** The purpose of the last read before the second Ctrl-C, to find its audit entry afterwards. */
const LAST_PURPOSE = 'ultima lettura prima di Ctrl-C';

interface Run {
  child: ChildProcess;
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  startedAt: number;
}

const runs: Run[] = [];
let dir: string;
let env: Record<string, string>;
let ports: number[];

function start(): Run {
  // Its own process group, like a command in a terminal: Ctrl-C there signals the whole group,
  // and afterAll can kill whatever is left of it.
  const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buffer += chunk;
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      lines.push(...parts);
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const run = { child, lines, exited, startedAt: Date.now() };
  runs.push(run);
  return run;
}

function tail(run: Run, count = 40): string {
  return run.lines.slice(-count).join('\n');
}

/** Resolves when `pattern` has been printed; fails with the output's tail if the process exits or time runs out. */
async function waitFor(run: Run, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!run.lines.some((line) => pattern.test(line))) {
    if (run.child.exitCode !== null || run.child.signalCode !== null) {
      throw new Error(`npm start exited (${run.child.exitCode ?? run.child.signalCode}) before printing ${pattern}:\n${tail(run)}`);
    }
    if (Date.now() > deadline) throw new Error(`npm start did not print ${pattern} within ${timeoutMs / 1000}s:\n${tail(run)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function printed(run: Run, pattern: RegExp): string {
  for (const line of run.lines) {
    const match = pattern.exec(line);
    if (match?.[1]) return match[1];
  }
  throw new Error(`npm start did not print ${pattern}:\n${tail(run)}`);
}

async function stopWithCtrlC(run: Run, target: 'process' | 'group'): Promise<{ code: number | null; signal: NodeJS.Signals | null; seconds: number }> {
  const pid = run.child.pid as number;
  const since = Date.now();
  process.kill(target === 'group' ? -pid : pid, 'SIGINT');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS).unref());
  const result = await Promise.race([run.exited, timeout]);
  if (result === 'timeout') throw new Error(`npm start did not exit within ${STOP_TIMEOUT_MS / 1000}s of SIGINT:\n${tail(run)}`);
  return { ...result, seconds: (Date.now() - since) / 1000 };
}

/** The processes left in the group, as `ps` lists them (for the failure message). */
function groupProcesses(pid: number): string[] {
  try {
    return execFileSync('ps', ['-e', '-o', 'pgid=,pid=,stat=,args='], { encoding: 'utf8' }).split('\n')
      .map((line) => line.trim().split(/\s+/)).filter((fields) => fields[0] === String(pid)).map((fields) => fields.slice(1).join(' ').slice(0, 160));
  } catch {
    return ['(ps failed)'];
  }
}

/** Whether a process of the group (the launcher's children, PostgreSQL) is still alive. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function boundPorts(): Promise<number[]> {
  const bound: number[] = [];
  for (const port of ports) if (!(await portFree(port))) bound.push(port);
  return bound;
}

/** Ctrl-C, then: exit code 0, "Stopped.", no process of the group left, every port free, PostgreSQL shut down cleanly. */
async function expectCleanStop(run: Run, target: 'process' | 'group'): Promise<number> {
  const stopped = await stopWithCtrlC(run, target);
  const bound = await boundPorts();
  const leftovers = groupAlive(run.child.pid as number) ? groupProcesses(run.child.pid as number) : [];
  expect({ exit: stopped, bound, leftovers, postmasterPid: existsSync(join(dir, 'postgres', 'postmaster.pid')) })
    .toEqual({ exit: { code: 0, signal: null, seconds: expect.any(Number) }, bound: [], leftovers: [], postmasterPid: false });
  // What it printed after Ctrl-C, in the failure message when it did not say "Stopped.".
  expect(run.lines.slice(run.lines.indexOf('Press Ctrl-C to stop.') + 1)).toContain('Stopped.');
  // The launcher SIGKILLs a service that has not exited 10 s after SIGTERM: a stop that long means one hung.
  expect(stopped.seconds).toBeLessThan(10);
  return stopped.seconds;
}

describe('npm start (the launcher\'s main.ts) end to end', () => {
  const timings: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'siuss-start-'));
    await chmod(dir, 0o755);
    const portEnv: Record<string, string> = { SIUSS_GATEWAY_PORT: String(await freePort()), SIUSS_PG_PORT: String(await freePort()) };
    for (const name of SERVICES) portEnv[`SIUSS_${name.toUpperCase()}_PORT`] = String(await freePort());
    ports = Object.values(portEnv).map(Number);
    expect(new Set(ports).size).toBe(ports.length);
    // As a person's shell has it: nothing of this test run's settings (DATABASE_URL, NODE_ENV=test, keys).
    const inherited = Object.fromEntries(Object.entries(process.env)
      .filter((entry): entry is [string, string] => entry[1] !== undefined && !/^(SIUSS_|DATABASE_URL$|NODE_ENV$|LOG_LEVEL$|JEST_)/.test(entry[0])));
    // Audit entries wait in memory up to a minute: only the stop can write those of the last reads.
    env = { ...inherited, ...portEnv, SIUSS_DATA_DIR: dir, NODE_ENV: 'development', SIUSS_WAAS_POLL_SECONDS: '0', SIUSS_AUDIT_FLUSH_MS: '60000' };
  });

  afterAll(async () => {
    for (const run of runs) {
      if (run.child.pid && (run.child.exitCode === null || groupAlive(run.child.pid))) {
        try {
          process.kill(-run.child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (dir) await rm(dir, { recursive: true, force: true });
    if (timings.length > 0) console.log(`npm start timings: ${timings.join('; ')}`);
  });

  it('starts on an empty data folder, loads demo data, answers at the printed URL, and stops cleanly on Ctrl-C', async () => {
    const run = start();
    await waitFor(run, /^siuss-hub is running \(/, START_TIMEOUT_MS);
    await waitFor(run, /^Press Ctrl-C to stop\.$/, 5_000);
    timings.push(`first start ${((Date.now() - run.startedAt) / 1000).toFixed(1)}s`);

    expect(run.lines).toContain(`Using the embedded PostgreSQL (data in ${join(dir, 'postgres')}).`);
    expect(run.lines.some((line) => /Initialising a new PostgreSQL data folder/.test(line))).toBe(true);
    expect(existsSync(join(dir, 'postgres', 'PG_VERSION'))).toBe(true);
    const seeded = run.lines.filter((line) => DEMO_LOADED.test(line)).map((line) => (DEMO_LOADED.exec(line) as RegExpExecArray)[1]).sort();
    expect(seeded).toEqual(['assessments', 'benefits', 'offering']);

    const graphiql = printed(run, /^\s+GraphiQL:\s+(\S+)/);
    expect(graphiql).toBe(`http://localhost:${env['SIUSS_GATEWAY_PORT']}/graphql`);
    expect((await fetch(graphiql.replace(/\/graphql$/, '/health'))).status).toBe(200);
    const page = await fetch(graphiql, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('GraphiQL');

    // The printed development token, with the purpose the printed examples state.
    const token = printed(run, /export TOKEN=(\S+)/);
    const asPrinted = { authorization: `Bearer ${token}`, 'x-siuss-purpose': 'presa in carico' };
    const person = await graphqlRequest<{ person: any }>(graphiql, PERSON, {}, asPrinted);
    expect(person.errors).toBeUndefined();
    expect(person.data?.person).toEqual({ taxCode: 'SPSNNA41A69F839C', surname: 'ESPOSITO', name: 'ANNA', benefits: { totalCount: 3 } });

    // A record of this run (not demo data), written through the gateway with a development token as `npm run token` mints it.
    const settingsEnv = { ...env };
    const operator = await mintDevelopmentToken(loadJwtSettings(settingsEnv, loadHubConfig(settingsEnv)), demoClaims('ENTE_OPERATOR'));
    const recorded = await graphqlRequest<{ recordBenefit: any }>(graphiql,
      'mutation($input: BenefitRecordInput!) { recordBenefit(input: $input) { created benefit { code person { surname } } } }',
      { input: {
        ente: { code: 'H501', seatCode: 'H501', operatorTaxCode: 'XXXXXX80P20B501B' },
        beneficiary: { ...RECORDED, birthYear: 1966, birthPlaceCode: 'H501', sex: 'MALE', citizenship: '380', residences: [{ nationCode: '380', regionCode: '12', comuneCode: '058091' }] },
        benefit: { meansTest: 'NONE', nature: 'ONE_OFF', code: 'A1.06', description: 'Buoni spesa o buoni pasto', applicationProtocol: 'E2E-START-1', paymentDate: '2025-03-03', amount: '80.00', takenInCharge: false },
      } },
      { authorization: `Bearer ${operator}`, 'x-siuss-purpose': 'verifica requisiti' });
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data?.recordBenefit).toEqual({ created: true, benefit: { code: 'A1.06', person: { surname: 'ROSSI' } } });

    // Ctrl-C on the launcher's pid (kill -INT <pid>).
    timings.push(`first stop ${(await expectCleanStop(run, 'process')).toFixed(1)}s`);
  }, START_TIMEOUT_MS + STOP_TIMEOUT_MS + 20_000);

  it('starts again on the same data folder, reusing the data without reloading demo data, and stops cleanly on Ctrl-C', async () => {
    expect(runs).toHaveLength(1);
    const run = start();
    await waitFor(run, /^siuss-hub is running \(/, START_TIMEOUT_MS);
    await waitFor(run, /^Press Ctrl-C to stop\.$/, 5_000);
    timings.push(`second start ${((Date.now() - run.startedAt) / 1000).toFixed(1)}s`);

    expect(run.lines.some((line) => /Initialising a new PostgreSQL data folder/.test(line))).toBe(false);
    expect(run.lines.filter((line) => /demo data loaded/.test(line))).toEqual([]);

    const graphiql = printed(run, /^\s+GraphiQL:\s+(\S+)/);
    expect((await fetch(graphiql.replace(/\/graphql$/, '/health'))).status).toBe(200);
    const asPrinted = { authorization: `Bearer ${printed(run, /export TOKEN=(\S+)/)}`, 'x-siuss-purpose': 'presa in carico' };
    const person = await graphqlRequest<{ person: any }>(graphiql, PERSON, {}, asPrinted);
    expect(person.errors).toBeUndefined();
    // The demo data once, not twice.
    expect(person.data?.person).toEqual({ taxCode: 'SPSNNA41A69F839C', surname: 'ESPOSITO', name: 'ANNA', benefits: { totalCount: 3 } });

    // The first run's own record is still there.
    const settingsEnv = { ...env };
    const operator = await mintDevelopmentToken(loadJwtSettings(settingsEnv, loadHubConfig(settingsEnv)), demoClaims('ENTE_OPERATOR'));
    const recorded = await graphqlRequest<{ person: any }>(graphiql,
      `{ person(taxCode: "${RECORDED.taxCode}") { taxCode surname name benefits(first: 10) { edges { node { code applicationProtocol } } } } }`,
      {}, { authorization: `Bearer ${operator}`, 'x-siuss-purpose': 'verifica requisiti' });
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data?.person).toEqual({ ...RECORDED, benefits: { edges: [{ node: { code: 'A1.06', applicationProtocol: 'E2E-START-1' } }] } });

    // A read whose audit entry is still in memory when Ctrl-C comes.
    const lastRead = await graphqlRequest<{ person: any }>(graphiql, PERSON, {}, { ...asPrinted, 'x-siuss-purpose': LAST_PURPOSE });
    expect(lastRead.errors).toBeUndefined();

    // Ctrl-C in a terminal: SIGINT to the whole process group, every child at once.
    timings.push(`second stop ${(await expectCleanStop(run, 'group')).toFixed(1)}s`);
  }, START_TIMEOUT_MS + STOP_TIMEOUT_MS + 20_000);

  it('wrote the audit entries of the last reads before PostgreSQL stopped, with the chain intact', async () => {
    expect(runs).toHaveLength(2);
    const server = await startDatabaseServer({ dataDir: join(dir, 'postgres'), port: Number(env['SIUSS_PG_PORT']) });
    const client = new pg.Client({ connectionString: server.adminUrl.replace(/\/postgres$/, `/${loadHubConfig({ ...env }).database.name}`) });
    try {
      await client.connect();
      const last = await client.query<{ subgraph: string; subject_id: string }>('select subgraph, subject_id from audit.entry where purpose = $1 order by id', [LAST_PURPOSE]);
      expect(last.rows).toEqual([{ subgraph: 'benefits', subject_id: 'SPSNNA41A69F839C' }]);
      // Every entry of both runs links to the one before it.
      const broken = await client.query('select e.id from audit.entry e join audit.entry p on p.id = e.id - 1 where e.prev_hash <> p.hash');
      expect(broken.rows).toEqual([]);
    } finally {
      await client.end();
      await server.stop();
    }
  }, 60_000);
});
