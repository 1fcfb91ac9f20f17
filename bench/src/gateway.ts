// Gateway benchmark (issue 8, measurements 1 and 2): the welfare position (the GraphiQL example, one
// person from every subgraph) and an ente's listing (50 benefits with their persons and those
// persons' benefits), served by our gateway and by @apollo/gateway over the same running subgraphs,
// and the ceiling: the same benefits-subgraph fetch sent to that subgraph directly. Load comes from
// autocannon in its own process (gateway-load.ts); variants alternate A B C A B C in one run.
import { spawn, type ChildProcess } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import { chmod, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CLAIMS_EXTENSION, hmacSign, PURPOSE_HEADER, SIGNATURE_EXTENSION, SIGNED_AT_EXTENSION, signedMaterial } from '@siuss/auth/signature';
import type { Role } from '@siuss/auth/roles';
import { REGISTRY_PORTS, SUBGRAPH_PORTS } from '@siuss/config/config';
import { EXAMPLE_OPERATION } from '@siuss/gateway/example';
import { startHub, type HubOptions, type RunningHub } from '@siuss/launcher/hub';
import { testAuth } from '@siuss/testing/auth';
import { freePort } from '@siuss/testing/http';
import type { LoadResult, LoadSpec } from './gateway-load.ts';
import { servicePids, childrenOf } from './gateway-procs.ts';
import { summarizeProfile } from './gateway-profile.ts';
import { cpuSecondsOf, machineCpu, machineSummary, memoryOf, serverCpuSeconds } from './proc.ts';

const TARGET_THROUGHPUT_RATIO = 2;
const MB = 1024 * 1024;
const DEMO_PERSON = 'SPSNNA41A69F839C';
const DEMO_ENTE = 'H501';
const PURPOSE = 'presa in carico';

/** The ente listing: one page of an ente's benefits, each with its person and that person's benefits (all in the benefits subgraph). */
export const ENTE_LISTING = `query EnteListing($enteCode: String!) {
  enteBenefits(enteCode: $enteCode, first: 50) {
    totalCount
    edges {
      node {
        code description startDate monthlyAmount status
        person {
          taxCode surname name birthYear
          benefits(first: 10) { totalCount edges { node { code description startDate monthlyAmount status } } }
        }
      }
    }
  }
}`;

const LOAD_ENTRY = fileURLToPath(new URL('./gateway-load.ts', import.meta.url));
const BASELINE_ENTRY = fileURLToPath(new URL('./apollo-baseline.ts', import.meta.url));
const entry = (specifier: string): string => fileURLToPath(import.meta.resolve(specifier));

type VariantName = 'ours' | 'apollo' | 'direct';
const VARIANT_LABELS: Record<VariantName, string> = { ours: 'ours (Hive runtime + Rust planner)', apollo: '@apollo/gateway', direct: 'subgraph direct (benefits)' };

export interface GatewayBenchOptions {
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  rounds: number;
  /** Run the hub on this already loaded database instead of an embedded one with the demo data. */
  databaseUrl: string | undefined;
  /** The person of the welfare position, and who reads it (a role whose access to the person is FULL). */
  person: string;
  personRole: Role;
  personEnte: string | undefined;
  /** The ente of the listing, read by its ENTE_OPERATOR. */
  ente: string;
  /** Distinct tokens (sessions) per query, sent in turn; 1 makes every request identical. */
  tokens: number;
  queries: Array<'welfare' | 'ente'>;
  variants: VariantName[];
  /** Folder for `node --cpu-prof` profiles of every hub process and the baseline; none when undefined. */
  cpuProf: string | undefined;
  verbose: boolean;
}

interface QuerySpec {
  key: 'welfare' | 'ente';
  label: string;
  query: string;
  variables: Record<string, unknown>;
  /** Tokens of one role and identity that differ in expiry: one per simulated session. */
  tokens: string[];
}

interface Window {
  load: LoadResult;
  gatewayCpuS: number | undefined;
  subgraphsCpuS: number;
  /** CPU seconds of each subgraph process during the window. */
  bySubgraphCpuS: Record<string, number>;
  mocksCpuS: number;
  databaseCpuS: number | undefined;
  machineBusyS: number;
  machineTotalS: number;
  gatewayPeakBytes: number | undefined;
}

interface Cell {
  query: QuerySpec['key'];
  variant: VariantName;
  windows: Window[];
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
const mean = (values: number[]): number => (values.length ? sum(values) / values.length : Number.NaN);
const loadAverage = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** The requests a variant receives for a query: one URL, one request per session token, sent in turn. */
interface Target {
  url: string;
  requests: LoadSpec['requests'];
}

/** What a client sends a gateway: the operation, with one session's token and the purpose. */
function gatewayTarget(url: string, spec: QuerySpec): Target {
  const body = JSON.stringify({ query: spec.query, variables: spec.variables });
  return {
    url,
    requests: spec.tokens.map((token) => ({
      body,
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization: `Bearer ${token}`, [PURPOSE_HEADER]: PURPOSE },
    })),
  };
}

/** Subgraph requests for `operation`, one per token, each signed as our gateway signs (query, variables, the token's claims, purpose). */
function signedDirect(url: string, secret: string, operation: { query: string; variables: Record<string, unknown> | undefined }, tokens: string[]): Target {
  return {
    url,
    requests: tokens.map((token) => {
      const claims = payloadOf(token);
      const signedAt = Date.now();
      const signature = hmacSign(secret, signedMaterial({ query: operation.query, variables: operation.variables, claims, purpose: PURPOSE, signedAt }));
      return {
        body: JSON.stringify({ query: operation.query, variables: operation.variables ?? {}, extensions: { [SIGNATURE_EXTENSION]: signature, [SIGNED_AT_EXTENSION]: signedAt, [CLAIMS_EXTENSION]: { payload: claims } } }),
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', [PURPOSE_HEADER]: PURPOSE },
      };
    }),
  };
}

/** Sends the target's first request and fails, saying what came back, unless it is a 2xx with data and no errors. */
async function checkedSample(target: Target, what: string, mustHave: (data: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  const request = target.requests[0];
  if (!request) throw new Error(`${what}: no request`);
  const response = await fetch(target.url, { method: 'POST', body: request.body, headers: request.headers });
  const text = await response.text();
  let parsed: { data?: Record<string, unknown> | null; errors?: unknown[] } | undefined;
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  if (!response.ok || !parsed || parsed.errors?.length || !parsed.data || !mustHave(parsed.data)) {
    throw new Error(`${what}: the sample response is not a clean answer (HTTP ${response.status}): ${text.slice(0, 1500)}`);
  }
  return parsed.data;
}

/** `fetchedAt` says when a registry answered: not part of what is compared between the gateways. */
function withoutVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutVolatile);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'fetchedAt').map(([key, item]) => [key, withoutVolatile(item)]));
  }
  return value;
}

/** Runs the load generator as its own process and returns what it measured. */
function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [LOAD_ENTRY, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => {
      if (code !== 0) return fail(new Error(`the load generator exited with ${code}: ${err.slice(-2000)}`));
      try {
        done(JSON.parse(out.trim().split('\n').pop() ?? '') as LoadResult);
      } catch (error) {
        fail(new Error(`the load generator printed no result: ${(error as Error).message}; ${out.slice(-500)} ${err.slice(-1000)}`));
      }
    });
  });
}

interface Processes {
  ours: number;
  apollo: number | undefined;
  subgraphs: number[];
  subgraphNames: string[];
  mocks: number[];
  postmaster: number | undefined;
}

/** The highest VmRSS of `pid` seen every `everyMs` (not VmHWM, which would include the process's start-up). */
function sampleRss(pid: number, everyMs: number): { peakBytes(): number; stop(): void } {
  let peak = 0;
  const sample = (): void => {
    peak = Math.max(peak, memoryOf(pid)?.rss ?? 0);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return { peakBytes: () => (sample(), peak), stop: () => clearInterval(timer) };
}

const cpuOf = (pids: number[]): number => sum(pids.map((pid) => cpuSecondsOf(pid) ?? 0));

/** One measured window: the load generator against `target`, with every process's CPU read before and after. */
async function measure(target: Target, gatewayPid: number | undefined, processes: Processes, options: GatewayBenchOptions, seconds: number): Promise<Window> {
  const each = (): number[] => processes.subgraphs.map((pid) => cpuSecondsOf(pid) ?? 0);
  const before = {
    gateway: gatewayPid === undefined ? undefined : cpuSecondsOf(gatewayPid),
    subgraphs: each(),
    mocks: cpuOf(processes.mocks),
    database: processes.postmaster === undefined ? undefined : serverCpuSeconds(processes.postmaster),
    machine: machineCpu(),
  };
  const memory = gatewayPid === undefined ? undefined : sampleRss(gatewayPid, 100);
  const load = await runLoad({ url: target.url, requests: target.requests, durationSeconds: seconds, connections: options.connections });
  memory?.stop();
  const gatewayAfter = gatewayPid === undefined ? undefined : cpuSecondsOf(gatewayPid);
  const databaseAfter = processes.postmaster === undefined ? undefined : serverCpuSeconds(processes.postmaster);
  const subgraphsAfter = each();
  const machine = machineCpu();
  const bySubgraphCpuS = Object.fromEntries(processes.subgraphNames.map((name, i) => [name, (subgraphsAfter[i] ?? 0) - (before.subgraphs[i] ?? 0)]));
  return {
    load,
    gatewayCpuS: before.gateway === undefined || gatewayAfter === undefined ? undefined : gatewayAfter - before.gateway,
    subgraphsCpuS: sum(Object.values(bySubgraphCpuS)),
    bySubgraphCpuS,
    mocksCpuS: cpuOf(processes.mocks) - before.mocks,
    databaseCpuS: before.database === undefined || databaseAfter === undefined ? undefined : databaseAfter - before.database,
    machineBusyS: machine.busy - before.machine.busy,
    machineTotalS: machine.total - before.machine.total,
    gatewayPeakBytes: memory?.peakBytes(),
  };
}

function problemsOf(window: Window): string | undefined {
  const { load } = window;
  if (load.non2xx === 0 && load.errors === 0 && load.graphqlErrors === 0 && load.responses > 0) return undefined;
  return `${load.responses} responses, ${load.non2xx} non-2xx, ${load.graphqlErrors} with GraphQL errors, ${load.errors} connection errors; first: ${load.firstProblem ?? '-'}`;
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  gatewayMsPerReq: number | undefined;
  subgraphsMsPerReq: number;
  mocksMsPerReq: number;
  databaseMsPerReq: number | undefined;
  peakMb: number | undefined;
  errors: number;
  responses: number;
}

/** The figures of a cell over its rounds: mean req/s and latencies, CPU totals over total responses, the highest RSS. */
function figuresOf(cell: Cell): Figures {
  const responses = sum(cell.windows.map((w) => w.load.responses));
  const perReq = (values: Array<number | undefined>): number | undefined => (values.some((v) => v === undefined) ? undefined : (sum(values as number[]) * 1000) / responses);
  const peaks = cell.windows.map((w) => w.gatewayPeakBytes).filter((v): v is number => v !== undefined);
  return {
    rps: mean(cell.windows.map((w) => w.load.requestsPerSecond)),
    p50: mean(cell.windows.map((w) => w.load.p50)),
    p99: mean(cell.windows.map((w) => w.load.p99)),
    gatewayMsPerReq: perReq(cell.windows.map((w) => w.gatewayCpuS)),
    subgraphsMsPerReq: perReq(cell.windows.map((w) => w.subgraphsCpuS)) ?? Number.NaN,
    mocksMsPerReq: perReq(cell.windows.map((w) => w.mocksCpuS)) ?? Number.NaN,
    databaseMsPerReq: perReq(cell.windows.map((w) => w.databaseCpuS)),
    peakMb: peaks.length ? Math.max(...peaks) / MB : undefined,
    errors: sum(cell.windows.map((w) => w.load.non2xx + w.load.errors + w.load.graphqlErrors)),
    responses,
  };
}

const fmt = (value: number | undefined, digits = 1): string => (value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits));
const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined || !b ? '—' : `${(a / b).toFixed(2)}x`);

function parseOptions(argv: string[]): GatewayBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      connections: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '2' },
      'database-url': { type: 'string' },
      person: { type: 'string', default: DEMO_PERSON },
      'person-role': { type: 'string', default: 'CASE_WORKER' },
      'person-ente': { type: 'string' },
      ente: { type: 'string', default: DEMO_ENTE },
      tokens: { type: 'string', default: '50' },
      queries: { type: 'string', default: 'welfare,ente' },
      variants: { type: 'string', default: 'ours,apollo,direct' },
      'cpu-prof': { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const list = <T extends string>(value: string, allowed: readonly T[], what: string): T[] => {
    const items = value.split(',').map((item) => item.trim()).filter(Boolean);
    const bad = items.filter((item) => !allowed.includes(item as T));
    if (bad.length || items.length === 0) throw new Error(`--${what} takes ${allowed.join(',')}; got ${value}`);
    return items as T[];
  };
  const positive = (value: string, what: string): number => {
    const number = Number(value);
    if (!Number.isFinite(number) || number <= 0) throw new Error(`--${what} must be a positive number; got ${value}`);
    return number;
  };
  return {
    durationSeconds: positive(values.duration, 'duration'),
    warmupSeconds: Number(values.warmup),
    connections: positive(values.connections, 'connections'),
    rounds: positive(values.rounds, 'rounds'),
    databaseUrl: values['database-url'],
    person: values.person,
    personRole: values['person-role'] as Role,
    personEnte: values['person-ente'],
    ente: values.ente,
    tokens: positive(values.tokens, 'tokens'),
    queries: list(values.queries, ['welfare', 'ente'] as const, 'queries'),
    variants: list(values.variants, ['ours', 'apollo', 'direct'] as const, 'variants'),
    cpuProf: values['cpu-prof'] === undefined ? undefined : resolve(values['cpu-prof']),
    verbose: values.verbose,
  };
}

/** The payload of a JWT, as the gateways forward it after verifying the token. */
function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Starts the baseline process and waits for its /health. */
async function startBaseline(env: NodeJS.ProcessEnv, port: number, nodeArgs: string[], output: (line: string) => void): Promise<{ child: ChildProcess; url: string; base: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [...nodeArgs, BASELINE_ENTRY, '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const recent: string[] = [];
  const keep = (chunk: Buffer): void => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      recent.push(line);
      if (recent.length > 30) recent.shift();
      output(`[apollo-baseline] ${line}`);
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const base = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the @apollo/gateway baseline exited (${child.exitCode ?? child.signalCode}):\n${recent.join('\n')}`);
    const ok = await fetch(`${base}/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the @apollo/gateway baseline was not ready within 60 s:\n${recent.join('\n')}`);
    }
    await sleep(200);
  }
  return { child, url: `${base}/graphql`, base, stop };
}

/**
 * `npm run bench -- gateway [options]` (bench/README.md, "gateway"): starts the hub as `npm start`
 * does but in production mode (embedded PostgreSQL with the demo data, or `--database-url`), the
 * @apollo/gateway baseline beside it, and measures each query through each variant; prints the
 * markdown table, the ratios ours/baseline and the two targets. Returns 1 when any response of a
 * sample or of the load had an error, else 0 (a missed target is reported, not an error).
 */
export async function runGatewayBench(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  const auth = testAuth();
  const dir = await mkdtemp(join(tmpdir(), 'siuss-bench-gateway-'));
  await chmod(dir, 0o755);
  if (options.cpuProf) await mkdir(options.cpuProf, { recursive: true });
  const ports = { gateway: await freePort() } as HubOptions['ports'];
  for (const name of [...Object.keys(SUBGRAPH_PORTS), ...Object.keys(REGISTRY_PORTS)] as Array<keyof HubOptions['ports']>) ports[name] = await freePort();
  const recent: string[] = [];
  const output = (line: string): void => {
    recent.push(line);
    if (recent.length > 60) recent.shift();
    if (options.verbose) process.stderr.write(`${line}\n`);
  };
  const profileArgs = options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProf}`] : [];
  // Production settings as a deployment has them, but for two limits set through their own
  // settings: the rate limit (600 operations a minute per operator) is off, or a load test would
  // measure 429s; the cost limit is raised from 50,000 because the ente listing (50 benefits, each
  // person's first 10) costs about 73,000 by armor's estimate. Both are still computed per request.
  const serviceEnv: Record<string, string> = {
    ...auth.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    SIUSS_SEED_DEMO: options.databaseUrl ? 'false' : 'true',
    SIUSS_WAAS_POLL_SECONDS: '0',
    SIUSS_RATE_LIMIT_PER_MINUTE: '0',
    SIUSS_QUERY_MAX_COST: '200000',
    ...(options.cpuProf ? { NODE_OPTIONS: [process.env['NODE_OPTIONS'] ?? '', ...profileArgs].join(' ').trim() } : {}),
  };
  const startedAt = new Date();
  const loadBefore = loadAverage();
  console.error(`gateway bench: starting the hub (${options.databaseUrl ? 'DATABASE_URL given' : 'embedded PostgreSQL, demo data'}), load average ${loadBefore}`);
  let hub: RunningHub;
  try {
    hub = await startHub({
      databaseUrl: options.databaseUrl,
      dataDir: join(dir, 'postgres'),
      embeddedPort: await freePort(),
      databaseName: 'siuss',
      ports,
      host: '127.0.0.1',
      env: serviceEnv,
      output,
      readyTimeoutMs: 120_000,
    });
  } catch (error) {
    console.error(recent.join('\n'));
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  let baseline: Awaited<ReturnType<typeof startBaseline>> | undefined;
  let hubRunning = true;
  const stopHub = async (): Promise<void> => {
    if (!hubRunning) return;
    hubRunning = false;
    await hub.stop();
  };
  let failed = false;
  try {
    const hubPids = servicePids(process.pid, {
      gateway: entry('@siuss/gateway/main'),
      ...Object.fromEntries(Object.keys(SUBGRAPH_PORTS).map((name) => [name, entry(`@siuss/subgraph-${name}/main`)])),
      ...Object.fromEntries(Object.keys(REGISTRY_PORTS).map((name) => [`${name}-mock`, entry(`@siuss/mocks/${name}`)])),
    });
    const baselineEnv: NodeJS.ProcessEnv = { ...process.env, ...serviceEnv };
    for (const [name, url] of Object.entries(hub.subgraphUrls)) baselineEnv[`SIUSS_${name.toUpperCase()}_URL`] = url;
    if (options.variants.includes('apollo') || options.variants.includes('direct')) {
      // Profiles of the baseline only when asked, as for the hub: NODE_OPTIONS is in serviceEnv.
      baseline = await startBaseline(baselineEnv, await freePort(), [], output);
    }
    const postmaster = childrenOf(process.pid).find((child) => child.comm === 'postgres')?.pid;
    const processes: Processes = {
      ours: hubPids['gateway'] as number,
      apollo: baseline?.child.pid,
      subgraphs: Object.keys(SUBGRAPH_PORTS).map((name) => hubPids[name] as number),
      subgraphNames: Object.keys(SUBGRAPH_PORTS),
      mocks: Object.keys(REGISTRY_PORTS).map((name) => hubPids[`${name}-mock`] as number),
      postmaster,
    };

    // One token per simulated session, differing in expiry (one second apart): what real callers
    // send, and it keeps concurrent requests distinct (see LoadSpec.requests).
    const sessions = (role: Role, overrides: { ente?: string }) => Promise.all(Array.from({ length: options.tokens }, (_, i) => auth.token(role, { ...overrides, hours: 8 + i / 3600 })));
    const specs: QuerySpec[] = [];
    if (options.queries.includes('welfare')) {
      const tokens = await sessions(options.personRole, options.personEnte ? { ente: options.personEnte } : {});
      specs.push({ key: 'welfare', label: 'welfare position', query: EXAMPLE_OPERATION, variables: { taxCode: options.person }, tokens });
    }
    if (options.queries.includes('ente')) {
      specs.push({ key: 'ente', label: 'ente listing (50)', query: ENTE_LISTING, variables: { enteCode: options.ente }, tokens: await sessions('ENTE_OPERATOR', { ente: options.ente }) });
    }

    // Every variant's request, checked once before any load: a clean answer, and the same data from both gateways.
    // Made when measured: the direct requests carry the signing time, and a subgraph refuses a signature older than two minutes.
    const targets = new Map<string, () => Target>();
    const notes: string[] = [];
    for (const spec of specs) {
      const mustHave = spec.key === 'welfare'
        ? (data: Record<string, unknown>) => data['person'] != null
        : (data: Record<string, unknown>) => ((data['enteBenefits'] as { edges?: unknown[] } | null)?.edges?.length ?? 0) > 0;
      const ours = gatewayTarget(hub.gatewayUrl, spec);
      const oursData = await checkedSample(ours, `${spec.label} through our gateway`, mustHave);
      targets.set(`${spec.key}:ours`, () => ours);
      if (baseline) {
        await fetch(`${baseline.base}/bench/requests`); // clears what earlier samples sent
        const apollo = gatewayTarget(baseline.url, spec);
        const apolloData = await checkedSample(apollo, `${spec.label} through @apollo/gateway`, mustHave);
        targets.set(`${spec.key}:apollo`, () => apollo);
        if (!isDeepStrictEqual(withoutVolatile(oursData), withoutVolatile(apolloData))) {
          notes.push(`${spec.label}: the two gateways' data differ (fetchedAt aside): ours ${JSON.stringify(oursData).slice(0, 300)} / @apollo/gateway ${JSON.stringify(apolloData).slice(0, 300)}`);
        }
        // The ceiling: the benefits subgraph's fetch of this operation's plan, as @apollo/gateway just sent it, signed anew and sent directly.
        const captured = (await (await fetch(`${baseline.base}/bench/requests`)).json()) as Record<string, Array<{ query: string; variables?: Record<string, unknown> }>>;
        const fetch0 = captured['benefits']?.[0];
        if (!fetch0) throw new Error(`${spec.label}: @apollo/gateway sent nothing to the benefits subgraph`);
        const direct = () => signedDirect(hub.subgraphUrls.benefits, auth.hmacSecret, { query: fetch0.query, variables: fetch0.variables }, spec.tokens);
        await checkedSample(direct(), `${spec.label} from the benefits subgraph directly`, () => true);
        targets.set(`${spec.key}:direct`, direct);
        notes.push(`${spec.label}, subgraph direct: ${fetch0.query.replace(/\s+/g, ' ').slice(0, 400)}`);
      }
    }

    const cells: Cell[] = [];
    const gatewayPidOf = (variant: VariantName): number | undefined => (variant === 'ours' ? processes.ours : variant === 'apollo' ? processes.apollo : undefined);
    for (const spec of specs) {
      const variants = options.variants.filter((variant) => targets.has(`${spec.key}:${variant}`));
      const specCells = variants.map((variant) => ({ query: spec.key, variant, windows: [] as Window[] }));
      cells.push(...specCells);
      if (options.warmupSeconds > 0) {
        for (const variant of variants) {
          const warm = await measure((targets.get(`${spec.key}:${variant}`) as () => Target)(), gatewayPidOf(variant), processes, options, options.warmupSeconds);
          const problem = problemsOf(warm);
          if (problem) throw new Error(`${spec.label} via ${VARIANT_LABELS[variant]}, warm-up: ${problem}`);
        }
      }
      for (let round = 1; round <= options.rounds; round += 1) {
        for (const cell of specCells) {
          const window = await measure((targets.get(`${spec.key}:${cell.variant}`) as () => Target)(), gatewayPidOf(cell.variant), processes, options, options.durationSeconds);
          cell.windows.push(window);
          const problem = problemsOf(window);
          console.error(`  ${spec.label} / ${VARIANT_LABELS[cell.variant]} round ${round}: ${window.load.requestsPerSecond.toFixed(0)} req/s, p50 ${window.load.p50} ms, p99 ${window.load.p99} ms, machine ${((100 * window.machineBusyS) / window.machineTotalS).toFixed(0)}% busy${problem ? `; ERRORS: ${problem}` : ''}`);
          if (problem) failed = true;
        }
      }
    }
    const loadAfter = loadAverage();
    const peakOf = (pid: number | undefined): string => (pid === undefined ? '—' : fmt((memoryOf(pid)?.peak ?? Number.NaN) / MB, 0));

    // The table.
    const lines: string[] = [];
    lines.push(`### gateway: ${startedAt.toISOString()}`, '');
    lines.push(`Machine: ${machineSummary()}; load average ${loadBefore} before, ${loadAfter} after.`);
    lines.push(`Run: ${options.rounds} round(s) of ${options.durationSeconds} s per variant (A B C alternating), ${options.connections} connections, ${options.tokens} session tokens per query sent in turn, ${options.warmupSeconds} s warm-up each; data: ${options.databaseUrl ? 'DATABASE_URL' : 'demo data'}; person ${options.person} (${options.personRole}), ente ${options.ente} (ENTE_OPERATOR).`, '');
    lines.push('| query | variant | req/s | p50 ms | p99 ms | gateway CPU ms/req | subgraphs CPU ms/req | gateway peak RSS MB | errors |');
    lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|');
    const figures = new Map<string, Figures>();
    for (const cell of cells) {
      const f = figuresOf(cell);
      figures.set(`${cell.query}:${cell.variant}`, f);
      const label = specs.find((spec) => spec.key === cell.query)?.label ?? cell.query;
      lines.push(`| ${label} | ${VARIANT_LABELS[cell.variant]} | ${fmt(f.rps, 0)} | ${fmt(f.p50)} | ${fmt(f.p99)} | ${fmt(f.gatewayMsPerReq, 2)} | ${fmt(f.subgraphsMsPerReq, 2)} | ${fmt(f.peakMb, 0)} | ${f.errors} |`);
    }
    lines.push('');
    lines.push('| query | ours / @apollo/gateway req/s | p50 | p99 | gateway CPU/req | peak RSS | ours / subgraph direct req/s |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|');
    for (const spec of specs) {
      const ours = figures.get(`${spec.key}:ours`);
      const apollo = figures.get(`${spec.key}:apollo`);
      const direct = figures.get(`${spec.key}:direct`);
      lines.push(`| ${spec.label} | ${ratio(ours?.rps, apollo?.rps)} | ${ratio(ours?.p50, apollo?.p50)} | ${ratio(ours?.p99, apollo?.p99)} | ${ratio(ours?.gatewayMsPerReq, apollo?.gatewayMsPerReq)} | ${ratio(ours?.peakMb, apollo?.peakMb)} | ${ratio(ours?.rps, direct?.rps)} |`);
    }
    lines.push('');
    const welfareOurs = figures.get('welfare:ours');
    const welfareApollo = figures.get('welfare:apollo');
    if (welfareOurs && welfareApollo) {
      const throughput = welfareOurs.rps / welfareApollo.rps;
      lines.push(`- Target, welfare position throughput at least ${TARGET_THROUGHPUT_RATIO}x @apollo/gateway's: ${throughput.toFixed(2)}x, **${throughput >= TARGET_THROUGHPUT_RATIO ? 'met' : 'missed'}**.`);
    }
    if (welfareOurs?.gatewayMsPerReq !== undefined) {
      const met = welfareOurs.gatewayMsPerReq <= welfareOurs.subgraphsMsPerReq;
      lines.push(`- Target, our gateway's CPU per welfare position no more than the subgraphs': ${fmt(welfareOurs.gatewayMsPerReq, 2)} ms vs ${fmt(welfareOurs.subgraphsMsPerReq, 2)} ms, **${met ? 'met' : 'missed'}**.`);
    }
    lines.push('', 'Details:');
    lines.push('- @apollo/gateway does less than ours: it loads the supergraph with `for: SECURITY` removed from the policy, requiresScopes and authenticated links and enforces none of those directives, and runs no query protection (armor limits, body limit); it verifies the token and signs subgraph requests as ours does. The rate limit of ours is off (SIUSS_RATE_LIMIT_PER_MINUTE=0).');
    lines.push('- "subgraph direct" sends the benefits subgraph the fetch @apollo/gateway makes of it for that operation (signed as a gateway signs), straight to the subgraph: the most any gateway could serve of that part; for the welfare position the other subgraphs are not asked.');
    lines.push(`- Each query is sent with ${options.tokens} session tokens in turn (tokens differing in expiry), so concurrent requests differ: Hive Gateway's HTTP executor merges identical in-flight subgraph queries (deduplicateInflightRequests, on by default), and with one token (--tokens 1) 10 connections sending the same bytes would be served by a fraction of the subgraph calls.`);
    lines.push('- CPU from /proc utime+stime around each window (all threads); subgraphs = the 5 subgraph processes. Peak RSS: the highest VmRSS of the gateway process sampled every 100 ms during the windows.');
    for (const cell of cells) {
      const f = figuresOf(cell);
      const label = specs.find((spec) => spec.key === cell.query)?.label ?? cell.query;
      const busy = mean(cell.windows.map((w) => w.machineBusyS / w.machineTotalS));
      const bySubgraph = Object.keys(SUBGRAPH_PORTS).map((name) => `${name} ${fmt((1000 * sum(cell.windows.map((w) => w.bySubgraphCpuS[name] ?? 0))) / f.responses, 2)}`).join(', ');
      lines.push(`- ${label} / ${VARIANT_LABELS[cell.variant]}: rounds ${cell.windows.map((w) => w.load.requestsPerSecond.toFixed(0)).join(', ')} req/s; ${f.responses} responses; subgraphs CPU ms/req ${bySubgraph}; registry mocks ${fmt(f.mocksMsPerReq, 2)} CPU ms/req, PostgreSQL ${fmt(f.databaseMsPerReq, 2)} CPU ms/req; machine ${(100 * busy).toFixed(0)}% busy.`);
    }
    lines.push(`- Gateway VmHWM at the end (includes start-up): ours ${peakOf(processes.ours)} MB, @apollo/gateway ${peakOf(processes.apollo)} MB.`);
    for (const note of notes) lines.push(`- ${note}`);
    console.log(lines.join('\n'));
    if (failed) console.error('gateway bench: some responses had errors (see the rounds above): the figures are not valid.');

    if (options.cpuProf) {
      await baseline?.stop();
      baseline = undefined;
      await stopHub();
      const names = new Map<number, string>([[processes.ours, 'gateway'], ...Object.entries(hubPids).map(([name, pid]) => [pid, name] as [number, string])]);
      if (processes.apollo !== undefined) names.set(processes.apollo, 'apollo-baseline');
      const files = await readdir(options.cpuProf);
      console.log('\nCPU profiles (node --cpu-prof), whole run:');
      for (const file of files.filter((name) => name.endsWith('.cpuprofile'))) {
        const pid = Number(/^CPU\.\d+\.\d+\.(\d+)\./.exec(file)?.[1]);
        const name = names.get(pid);
        if (!name) continue;
        console.log(`- ${name}: ${join(options.cpuProf, file)}`);
        if (name !== 'gateway' && name !== 'apollo-baseline') continue;
        const summary = summarizeProfile(join(options.cpuProf, file));
        console.log(`  busy ${summary.busyMs.toFixed(0)} ms; by package: ${summary.byPackage.map((e) => `${e.name} ${(100 * e.share).toFixed(1)}%`).join(', ')}`);
        console.log(`  top functions (self): ${summary.byFunction.map((e) => `${e.name} ${(100 * e.share).toFixed(1)}%`).join('; ')}`);
      }
    }
  } finally {
    await baseline?.stop();
    await stopHub();
    await rm(dir, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}
