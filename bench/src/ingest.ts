// Ingest benchmark (issue 5, "Speed and memory"): a generated PS flow of N records, XML or CSV,
// uploaded to the flows service running as its own process, timed from the first byte sent to the
// flow's state DONE (every record validated, stored and given its esito), with the service's peak RSS
// and CPU time; then the same rows loaded with a plain COPY, the limit to compare with.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { generatePsFlowCsv, generatePsFlowXml, type FlowEnvelope } from '@siuss/xsd/flow-reader';
import { SERVICE_PROCESS_ENV } from '@siuss/config/process';
import { copyBaseline, type CopyResult } from './copy-baseline.ts';
import { freePort } from '@siuss/testing/http';
import { freshDatabase, openBenchServer, type BenchServer } from './database.ts';
import { benchIdentity, type BenchIdentity } from './token.ts';
import { cpuSecondsOf, machineCpu, machineSummary, memoryOf, parentOf, sampleMemory, serverCpuSeconds } from './proc.ts';

type Format = 'XML' | 'CSV';

const ENTE: FlowEnvelope['ente'] = { Codice: 'H501', Denominazione: 'Comune di Roma', Indirizzo: 'H501', CFOperatore: 'XXXXXX80P20B501B' };
const SEED = 20261201;
const TARGET_RECORDS_PER_SECOND = 20_000;
const TARGET_PEAK_MB = 400;
const TARGET_COPY_SHARE = 0.25;
const MB = 1024 * 1024;

/** The flows service's entry point, run as `npm start -w @siuss/subgraph-flows` runs it. */
const FLOWS_ENTRY = fileURLToPath(import.meta.resolve('@siuss/subgraph-flows/main'));

export interface IngestOptions {
  records: number[];
  formats: Format[];
  batchSize?: number | undefined;
  /** Folder for `node --cpu-prof` profiles of the service; none when undefined. */
  cpuProf?: string | undefined;
  /** More node options for the service process (profiling, heap limits), e.g. `--node-option=--heap-prof`. */
  nodeOptions: string[];
  /** Skip the COPY baseline. */
  noCopy: boolean;
  /** Pass the service's output through to stderr. */
  verbose: boolean;
  /** Keep each run's database (its name is printed). */
  keep: boolean;
}

export interface IngestResult {
  format: Format;
  records: number;
  fileMb: number;
  /** RSS of the service once ready, before the upload. */
  rssAtStartMb: number;
  /** Upload (POST /flows answered: file stored, job queued). */
  uploadSeconds: number;
  /** Upload start to state STORING (pass 1 done) and to DONE. */
  validatedSeconds: number;
  seconds: number;
  peakRssMb: number;
  cpuSeconds: number;
  /** CPU seconds of the PostgreSQL server during the run (every process of it); undefined when not on this machine. */
  databaseCpuSeconds: number | undefined;
  /** Busy core-seconds of the whole machine during the run (the service, PostgreSQL, this process, anyone else). */
  machineBusySeconds: number;
  benefits: number;
  sinaAssessments: number;
  copy: CopyResult | undefined;
  verified: boolean;
  problems: string[];
}

interface FlowStatus {
  state: string;
  totalRecords: number | null;
  processedRecords: number;
  counts: Record<string, number>;
  failure: { code: string; message: string } | null;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Writes the flow file with the streaming generator (fixed seed; about a fifth of the records carry a SINA). */
async function writeFlowFile(format: Format, records: number, name: string, dir: string): Promise<string> {
  const file = join(dir, `${name}.${format.toLowerCase()}`);
  const options = { name, ente: ENTE, records, seed: SEED };
  const chunks = format === 'XML' ? generatePsFlowXml(options) : generatePsFlowCsv(options);
  await pipeline(Readable.from(chunks), createWriteStream(file));
  return file;
}

interface Service {
  child: ChildProcess;
  base: string;
  /** The last lines it wrote, to show when it fails. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `node subgraphs/flows/src/index.ts` as npm start does, on a free port, and waits for /ready. */
async function startService(databaseUrl: string, options: IngestOptions, label: string, identity: BenchIdentity): Promise<Service> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    // As the launcher starts it.
    ...SERVICE_PROCESS_ENV,
    ...process.env,
    DATABASE_URL: databaseUrl,
    SIUSS_FLOWS_PORT: String(port),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    SIUSS_WAAS_POLL_SECONDS: '0',
    SIUSS_WAAS_ENTES: '',
    SIUSS_SEED_DEMO: 'false',
    // Production needs the gateway's signing secret; nothing signs requests here, any value does.
    SIUSS_HMAC_SECRET: process.env['SIUSS_HMAC_SECRET'] ?? randomBytes(32).toString('base64'),
    // Uploads need a verified token: the service trusts this run's throwaway key.
    ...identity.env,
    ...(options.batchSize ? { SIUSS_FLOWS_BATCH_SIZE: String(options.batchSize) } : {}),
  };
  const nodeArgs = [
    // Node's own file names (pid and thread id), so the ingest thread's profile is kept beside the main thread's.
    ...(options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${join(options.cpuProf, `flows-${label}-${Date.now()}`)}`] : []),
    ...options.nodeOptions,
  ];
  const child = spawn(process.execPath, [...nodeArgs, FLOWS_ENTRY], { cwd: dirname(dirname(FLOWS_ENTRY)), env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const keep = (chunk: Buffer): void => {
    if (options.verbose) process.stderr.write(chunk);
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const service: Service = {
    child,
    base,
    output: () => lines.join('\n'),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timeout = sleep(20_000).then(() => child.kill('SIGKILL'));
      await Promise.race([exited, timeout]);
      await exited;
    },
  };
  try {
    const gone = exited.then(() => {
      throw new Error(`it exited with ${child.exitCode ?? child.signalCode}`);
    });
    const ready = until(async () => ((await fetch(`${base}/ready`)).ok ? true : undefined), 120_000, 'the flows service to be ready', 200);
    await Promise.race([ready, gone]);
  } catch (error) {
    await service.stop();
    throw new Error(`the flows service did not start: ${(error as Error).message}\n${service.output()}`);
  }
  return service;
}

function uploadUrl(base: string, format: Format, name: string): string {
  if (format === 'XML') return `${base}/flows?format=XML`;
  const q = new URLSearchParams({ format: 'CSV', name, ente: ENTE.Codice, seat: ENTE.Indirizzo, operator: ENTE.CFOperatore, enteName: ENTE.Denominazione ?? '' });
  return `${base}/flows?${q}`;
}

/** What the ingest stored, read back from the database: the flow's counters and the rows of this flow. */
async function verify(databaseUrl: string, flowId: string, name: string, records: number): Promise<{ benefits: number; sina: number; problems: string[] }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const flow = (await client.query<Record<string, number | string>>(
      'select state, total_records, processed_records, ok_count, invalid_count, not_found_count, error_count from flows.flow where id = $1',
      [flowId],
    )).rows[0];
    const outcomes = (await client.query<{ n: number }>('select count(*)::int as n from flows.flow_record where flow_id = $1', [flowId])).rows[0]?.n ?? 0;
    const benefits = (await client.query<{ n: number }>(
      `select count(*)::int as n from benefits.benefit b join benefits.submission s on s.id = b.submission_id where s.flow_name = $1 and b.status = 'ACTIVE'`,
      [name],
    )).rows[0]?.n ?? 0;
    const sina = (await client.query<{ n: number }>(
      `select count(*)::int as n from assessments.sina_assessment a join assessments.submission s on s.id = a.submission_id where s.flow_name = $1`,
      [name],
    )).rows[0]?.n ?? 0;
    const problems: string[] = [];
    const expect = (what: string, actual: unknown, expected: unknown): void => {
      if (actual !== expected) problems.push(`${what}: ${String(actual)}, expected ${String(expected)}`);
    };
    expect('flow state', flow?.['state'], 'DONE');
    expect('total_records', flow?.['total_records'], records);
    expect('processed_records', flow?.['processed_records'], records);
    expect('ok_count', flow?.['ok_count'], records);
    expect('flow_record rows', outcomes, records);
    expect('benefits.benefit rows', benefits, records);
    if (sina === 0) problems.push('no SINA assessment stored');
    return { benefits, sina, problems };
  } finally {
    await client.end();
  }
}

/** The pid of the PostgreSQL server's postmaster, when the server runs on this machine. */
async function postmasterOf(databaseUrl: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const backend = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
    return backend === undefined ? undefined : parentOf(backend);
  } finally {
    await client.end();
  }
}

/** One run: fresh database, generated file, service process, upload, wait for DONE, verify, COPY baseline. */
async function runOne(server: BenchServer, format: Format, records: number, options: IngestOptions, dir: string): Promise<IngestResult> {
  const identity = benchIdentity(ENTE.Codice, ENTE.CFOperatore);
  const authorization = `Bearer ${identity.token}`;
  const label = `${format.toLowerCase()}-${records}`;
  const name = `H501.PS.20261201.${String(records % 10_000_000).padStart(7, '0')}`;
  process.stderr.write(`[${label}] generating the file... `);
  const file = await writeFlowFile(format, records, name, dir);
  const fileMb = statSync(file).size / MB;
  process.stderr.write(`${fileMb.toFixed(0)} MB; fresh database... `);
  const database = await freshDatabase(server, `bench_${format.toLowerCase()}`);
  let service: Service | undefined;
  try {
    service = await startService(database.url, options, label, identity);
    const pid = service.child.pid as number;
    const rssAtStartMb = (memoryOf(pid)?.rss ?? 0) / MB;
    process.stderr.write(`service ready (RSS ${rssAtStartMb.toFixed(0)} MB); uploading...\n`);
    const memory = sampleMemory(pid, 100);
    const postmaster = await postmasterOf(database.url);
    const databaseCpuBefore = postmaster === undefined ? undefined : serverCpuSeconds(postmaster);
    const cpuBefore = cpuSecondsOf(pid) ?? 0;
    const machineBefore = machineCpu();
    const started = performance.now();
    const response = await fetch(uploadUrl(service.base, format, name), {
      method: 'POST',
      headers: { 'content-type': format === 'XML' ? 'application/xml' : 'text/csv', authorization },
      body: createReadStream(file, { highWaterMark: 1 << 20 }),
      duplex: 'half',
    } as RequestInit);
    const uploadSeconds = (performance.now() - started) / 1000;
    const answer = (await response.json()) as { id?: string };
    if (!response.ok || !answer.id) throw new Error(`upload refused with HTTP ${response.status}: ${JSON.stringify(answer)}`);
    const flowId = answer.id;
    let validatedSeconds = Number.NaN;
    let lastReport = 0;
    const done = await until(async () => {
      const status = (await (await fetch(`${service?.base}/flows/${flowId}`, { headers: { authorization } })).json()) as FlowStatus;
      const now = performance.now();
      if (Number.isNaN(validatedSeconds) && (status.state === 'STORING' || status.state === 'DONE')) validatedSeconds = (now - started) / 1000;
      if (now - lastReport > 5_000) {
        lastReport = now;
        const rss = (memoryOf(pid)?.rss ?? 0) / MB;
        process.stderr.write(`[${label}] ${((now - started) / 1000).toFixed(0)} s: ${status.state} ${status.processedRecords}/${status.totalRecords ?? '?'}, RSS ${rss.toFixed(0)} MB\n`);
      }
      return status.state === 'DONE' || status.state === 'FAILED' ? status : undefined;
    }, 6 * 3600_000, 'the flow to end', 100);
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = (cpuSecondsOf(pid) ?? cpuBefore) - cpuBefore;
    const machineAfter = machineCpu();
    const databaseCpuAfter = postmaster === undefined ? undefined : serverCpuSeconds(postmaster);
    const databaseCpuSeconds = databaseCpuBefore === undefined || databaseCpuAfter === undefined ? undefined : databaseCpuAfter - databaseCpuBefore;
    const peakRssMb = memory.peakBytes() / MB;
    memory.stop();
    await service.stop();
    service = undefined;
    const checked = done.state === 'DONE' ? await verify(database.url, flowId, name, records) : { benefits: 0, sina: 0, problems: [`flow ${done.state}: ${done.failure?.code} ${done.failure?.message}`] };
    let copy: CopyResult | undefined;
    if (!options.noCopy && checked.problems.length === 0) {
      process.stderr.write(`[${label}] COPY baseline...\n`);
      copy = await copyBaseline(database.url, dir);
    }
    return {
      format, records, fileMb, rssAtStartMb, uploadSeconds, validatedSeconds, seconds, peakRssMb, cpuSeconds,
      machineBusySeconds: machineAfter.busy - machineBefore.busy, databaseCpuSeconds,
      benefits: checked.benefits, sinaAssessments: checked.sina, copy, verified: checked.problems.length === 0, problems: checked.problems,
    };
  } catch (error) {
    if (service) process.stderr.write(`${service.output()}\n`);
    throw error;
  } finally {
    await service?.stop();
    await rm(file, { force: true });
    if (options.keep) process.stderr.write(`[${label}] kept database ${database.url.replace(/:[^:@/]*@/, ':***@')}\n`);
    else await database.drop();
  }
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The results as the Markdown table of RESULTS.md, with the details below it. */
export function formatResults(results: readonly IngestResult[]): string {
  const cores = availableParallelism();
  const rows = results.map((r) => {
    const rate = r.records / r.seconds;
    const copyRate = r.copy ? r.copy.rows / r.copy.seconds : undefined;
    return `| ${r.format} | ${fmt(r.records)} | ${fmt(r.seconds, 1)} | ${fmt(rate)} | ${fmt(r.peakRssMb)} | ${fmt(r.cpuSeconds, 1)} | ${copyRate ? fmt(copyRate) : '-'} | ${copyRate ? (rate / copyRate).toFixed(2) : '-'} |`;
  });
  const details = results.map((r) => {
    const rate = r.records / r.seconds;
    const marks = [
      rate >= TARGET_RECORDS_PER_SECOND ? 'rate ok' : `rate BELOW ${fmt(TARGET_RECORDS_PER_SECOND)}/s`,
      r.records < 1_000_000 ? undefined : r.peakRssMb < TARGET_PEAK_MB ? 'memory ok' : `memory ABOVE ${TARGET_PEAK_MB} MB`,
      r.copy ? (rate / (r.copy.rows / r.copy.seconds) >= TARGET_COPY_SHARE ? 'COPY share ok' : `BELOW ${TARGET_COPY_SHARE} of COPY`) : undefined,
    ].filter(Boolean);
    return `- ${r.format} ${fmt(r.records)}: file ${fmt(r.fileMb, 1)} MB; upload ${fmt(r.uploadSeconds, 1)} s (${fmt(r.fileMb / r.uploadSeconds, 1)} MB/s), ` +
      `validated (pass 1) at ${fmt(r.validatedSeconds, 1)} s, DONE at ${fmt(r.seconds, 1)} s; ` +
      `${fmt(r.benefits)} benefits and ${fmt(r.sinaAssessments)} SINA stored, ${r.verified ? 'counts verified' : `VERIFICATION FAILED: ${r.problems.join('; ')}`}; ` +
      `service RSS ${fmt(r.rssAtStartMb)} MB when ready; PostgreSQL CPU ${r.databaseCpuSeconds === undefined ? '?' : fmt(r.databaseCpuSeconds, 1)} s; machine busy ${fmt(r.machineBusySeconds, 1)} core-s of ${fmt(r.seconds * cores, 1)}` +
      (r.copy ? `; COPY ${fmt(r.copy.rows)} benefits + ${fmt(r.copy.beneficiaries)} beneficiaries in ${fmt(r.copy.seconds, 2)} s` : '') +
      ` (${marks.join(', ')})`;
  });
  return [
    '| input | records | seconds | records/s | peak RSS MB | CPU s | COPY records/s | ours/COPY |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    ...details,
  ].join('\n');
}

function parseOptions(argv: string[]): IngestOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      records: { type: 'string', multiple: true },
      format: { type: 'string', multiple: true },
      'batch-size': { type: 'string' },
      'cpu-prof': { type: 'string' },
      'node-option': { type: 'string', multiple: true },
      'no-copy': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const list = (given: string[] | undefined, fallback: string[]): string[] => (given ?? fallback).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const records = list(values.records, ['100000', '1000000']).map((v) => Number(v.replace(/_/g, '')));
  if (records.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--records takes positive whole numbers, e.g. --records 100000,1000000');
  const formats = list(values.format, ['XML', 'CSV']).map((v) => v.toUpperCase());
  if (formats.some((f) => f !== 'XML' && f !== 'CSV')) throw new Error('--format takes XML and/or CSV');
  return {
    records,
    formats: formats as Format[],
    batchSize: values['batch-size'] ? Number(values['batch-size']) : undefined,
    cpuProf: values['cpu-prof'],
    nodeOptions: values['node-option'] ?? [],
    noCopy: values['no-copy'],
    keep: values.keep,
    verbose: values.verbose,
  };
}

/**
 * `npm run bench -- ingest [--records 100000,1000000] [--format XML,CSV] [--batch-size N]
 * [--cpu-prof DIR] [--node-option=--flag ...] [--no-copy] [--keep] [--verbose]`: runs every size in every format, one fresh database and one
 * service process per run, and prints the table. Exit code 1 when a run fails its verification.
 */
export async function runIngestBench(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  const server = await openBenchServer(process.env['DATABASE_URL']);
  const dir = await mkdtemp(join(tmpdir(), 'siuss-bench-'));
  const results: IngestResult[] = [];
  const print = (): void => {
    console.log(`\n${new Date().toISOString()}; ${machineSummary()}; PostgreSQL ${server.description}; batch ${options.batchSize ?? 'default (1000)'}\n`);
    console.log(formatResults(results));
  };
  try {
    for (const records of options.records) {
      for (const format of options.formats) {
        results.push(await runOne(server, format, records, options, dir));
        process.stderr.write(`${formatResults(results.slice(-1)).split('\n').slice(2).join('\n')}\n`);
      }
    }
  } catch (error) {
    // Show what was measured before the failure.
    if (results.length > 0) print();
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
    await server.stop();
  }
  print();
  return results.every((r) => r.verified) ? 0 : 1;
}
