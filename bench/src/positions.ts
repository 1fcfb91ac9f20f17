import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { REGISTRY_PORTS, SUBGRAPH_PORTS } from '@siuss/config/config';
import { EXAMPLE_OPERATION } from '@siuss/gateway/example';
import { startHub, type HubOptions, type RunningHub } from '@siuss/launcher/hub';
import { testAuth } from '@siuss/testing/auth';
import { freePort } from '@siuss/testing/http';
import { freshDatabase, openBenchServer, type BenchServer } from './database.ts';
import { loadDataset, migrateForDataset, type DatasetSummary } from './dataset.ts';
import { machineSummary } from './proc.ts';

// Measurements 3 and 5 of the benchmarks: SQL statements per welfare-position request for persons
// with 1, 10 and 100 benefits (pg_stat_statements, every subgraph's statements), and the position's
// latency through the gateway with 1,000,000 and 10,000,000 benefits stored.

/** The GraphiQL example operation with every benefit of the position (up to 100) instead of the first 20. */
const POSITION = EXAMPLE_OPERATION.replace('benefits(first: 20)', 'benefits(first: 100)');
const PURPOSE = 'benchmark: welfare position';
const SCHEMAS = ['benefits', 'assessments', 'offering', 'registries', 'audit', 'flows'] as const;

interface StatementCount {
  label: string;
  benefits: number;
  /** Statements per request, per schema the statement names first ("other" when none). */
  perRequest: Record<string, number>;
  total: number;
  /** Without the audit log's batched inserts (their number per request depends on timing, not data). */
  data: number;
  /** Each statement text with its calls per request. */
  texts: Array<{ query: string; perRequest: number }>;
}

interface LatencyFigures {
  requests: number;
  persons: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
}

interface ScaleResult {
  benefitsStored: number;
  dataset: DatasetSummary;
  statements: StatementCount[] | string;
  latency: LatencyFigures;
  /** Latency of the three sample positions (1, 10, 100 benefits), p50 ms. */
  samples: Record<string, number>;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * The schema a statement is about: the first `schema.` of the hub's schemas it names; transaction
 * control goes with the audit log (the only writer on the read path). PostgreSQL 18 identifies
 * statements by their aliases, not their tables: two subgraphs' statements of the same shape
 * (MikroORM's `select "s0".* from ... "s0" where "s0"."id" in (...)`) count as one, under the
 * schema of the first seen, so the split by schema is indicative; the totals are exact.
 */
function schemaOf(query: string): string {
  if (/^\s*(begin|commit|rollback)\b|pg_advisory_xact_lock/i.test(query)) return 'audit';
  const match = new RegExp(`"?\\b(${SCHEMAS.join('|')})"?\\s*\\.`, 'i').exec(query);
  return match?.[1]?.toLowerCase() ?? 'other';
}

async function position(gatewayUrl: string, token: string, taxCode: string): Promise<void> {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-siuss-purpose': PURPOSE },
    body: JSON.stringify({ query: POSITION, variables: { taxCode } }),
  });
  const body = (await response.json()) as { data?: { person?: { benefits?: { totalCount: number } } | null }; errors?: unknown[] };
  if (!response.ok || body.errors || !body.data?.person) {
    throw new Error(`the position of a generated person failed (HTTP ${response.status}): ${JSON.stringify(body).slice(0, 600)}`);
  }
}

/** Statements per request for one person: pg_stat_statements reset, `requests` positions, the calls counted. */
async function countStatements(client: pg.Client, hub: RunningHub, token: string, label: string, taxCode: string, benefits: number, requests: number): Promise<StatementCount> {
  await position(hub.gatewayUrl, token, taxCode);
  await client.query('select pg_stat_statements_reset()');
  for (let i = 0; i < requests; i += 1) await position(hub.gatewayUrl, token, taxCode);
  // The audit writer flushes on a timer: let it, so that its inserts are counted too.
  await new Promise((resolve) => setTimeout(resolve, 600));
  const rows = (await client.query<{ query: string; calls: string; rows: string; toplevel: boolean }>(
    `select query, calls, rows, toplevel from pg_stat_statements
      where dbid = (select oid from pg_database where datname = current_database()) and query not ilike '%pg_stat_statements%'`,
  )).rows;
  const perRequest: Record<string, number> = {};
  const texts: StatementCount['texts'] = [];
  for (const row of rows) {
    const schema = schemaOf(row.query);
    // pg-boss (the flows queue) polls on its own; it is not part of any request.
    if (/\bpgboss\b/i.test(row.query)) continue;
    perRequest[schema] = (perRequest[schema] ?? 0) + Number(row.calls) / requests;
    texts.push({ query: `${row.toplevel ? '' : '(nested) '}[${(Number(row.rows) / Number(row.calls)).toFixed(1)} rows] ${row.query.replace(/\s+/g, ' ')}`, perRequest: Number(row.calls) / requests });
  }
  texts.sort((a, b) => b.perRequest - a.perRequest);
  const total = Object.values(perRequest).reduce((sum, n) => sum + n, 0);
  return { label, benefits, perRequest, total, data: total - (perRequest['audit'] ?? 0), texts };
}

async function latency(hub: RunningHub, token: string, persons: readonly string[], requests: number): Promise<LatencyFigures> {
  for (const taxCode of persons.slice(0, 20)) await position(hub.gatewayUrl, token, taxCode);
  const timings: number[] = [];
  for (let i = 0; i < requests; i += 1) {
    const started = performance.now();
    await position(hub.gatewayUrl, token, persons[i % persons.length] as string);
    timings.push(performance.now() - started);
  }
  const sorted = timings.sort((a, b) => a - b);
  return {
    requests,
    persons: Math.min(persons.length, requests),
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((sum, t) => sum + t, 0) / sorted.length,
  };
}

async function startBenchHub(databaseUrl: string, dir: string, verbose: boolean): Promise<RunningHub> {
  const ports = { gateway: await freePort() } as HubOptions['ports'];
  for (const name of [...Object.keys(SUBGRAPH_PORTS), ...Object.keys(REGISTRY_PORTS)] as Array<keyof HubOptions['ports']>) ports[name] = await freePort();
  return startHub({
    databaseUrl,
    dataDir: join(dir, 'unused'),
    embeddedPort: 0,
    databaseName: 'unused',
    ports,
    host: '127.0.0.1',
    env: {
      ...testAuth().env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SIUSS_SEED_DEMO: 'false',
      SIUSS_WAAS_POLL_SECONDS: '0',
      // One operator sends every request of the benchmark: the per-operator limit is for people.
      SIUSS_RATE_LIMIT_PER_MINUTE: '1000000',
    },
    output: verbose ? (line) => console.error(line) : () => undefined,
  });
}

async function measureScale(server: BenchServer, benefits: number, options: { persons: number; requests: number; statementRequests: number; keep: boolean; verbose: boolean }): Promise<ScaleResult> {
  const database = await freshDatabase(server, `bench_positions_${benefits}`);
  const dir = await mkdtemp(join(tmpdir(), 'siuss-bench-positions-'));
  let hub: RunningHub | undefined;
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    console.error(`\n${benefits.toLocaleString('en')} benefits: loading the dataset...`);
    await migrateForDataset(database.url);
    const dataset = await loadDataset(database.url, {
      persons: options.persons > 0 ? options.persons : Math.max(1000, Math.round(benefits / 10)),
      benefits,
      onProgress: (line) => console.error(`  ${line}`),
    });
    console.error(`  loaded in ${dataset.seconds.toFixed(1)} s; starting the hub on it...`);
    hub = await startBenchHub(database.url, dir, options.verbose);
    const token = await testAuth().token('INPS_ADMIN', { hours: 12 });
    const hasStatements = (await client.query(`select 1 from pg_available_extensions where name = 'pg_stat_statements'`)).rowCount === 1
      && (await client.query<{ s: string }>(`select current_setting('shared_preload_libraries') as s`)).rows[0]?.s.includes('pg_stat_statements');
    let statements: ScaleResult['statements'];
    if (hasStatements) {
      await client.query('create extension if not exists pg_stat_statements');
      statements = [];
      for (const [label, taxCode, count] of [['1 benefit', dataset.samples.position1, 1], ['10 benefits', dataset.samples.position10, 10], ['100 benefits', dataset.samples.position100, 100]] as const) {
        statements.push(await countStatements(client, hub, token, label, taxCode, count, options.statementRequests));
      }
    } else {
      statements = 'not measured: the server does not preload pg_stat_statements (run without DATABASE_URL: the embedded server preloads it)';
    }
    const persons = (await client.query<{ tax_code: string }>(
      `select tax_code from benefits.beneficiary order by random() limit $1`, [Math.min(500, options.requests)],
    )).rows.map((row) => row.tax_code);
    if (persons.length === 0) throw new Error('no beneficiary found in the generated dataset');
    const figures = await latency(hub, token, persons, options.requests);
    const samples: Record<string, number> = {};
    for (const [label, taxCode] of [['1', dataset.samples.position1], ['10', dataset.samples.position10], ['100', dataset.samples.position100]] as const) {
      samples[label] = (await latency(hub, token, [taxCode], 50)).p50;
    }
    return { benefitsStored: benefits, dataset, statements, latency: figures, samples };
  } finally {
    await client.end();
    await hub?.stop();
    await rm(dir, { recursive: true, force: true });
    if (!options.keep) await database.drop();
  }
}

function formatStatements(result: ScaleResult): string {
  if (typeof result.statements === 'string') return result.statements;
  const lines = [
    `| position | ${SCHEMAS.join(' | ')} | other | total | without audit |`,
    `|---|${[...SCHEMAS, 'other'].map(() => '---:').join('|')}|---:|---:|`,
  ];
  for (const count of result.statements) {
    const cell = (schema: string) => (count.perRequest[schema] ?? 0).toFixed(1);
    lines.push(`| ${count.label} | ${SCHEMAS.map(cell).join(' | ')} | ${cell('other')} | ${count.total.toFixed(1)} | ${count.data.toFixed(1)} |`);
  }
  return lines.join('\n');
}

/** `npm run bench -- positions [--benefits 1000000,10000000]`: SQL statements per position request, and the position's latency at each size. */
export async function runPositionsBench(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      benefits: { type: 'string', default: '1000000,10000000' },
      persons: { type: 'string', default: '0' },
      requests: { type: 'string', default: '500' },
      'statement-requests': { type: 'string', default: '20' },
      keep: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      'show-statements': { type: 'boolean', default: false },
    },
  });
  const sizes = values.benefits.split(',').map((n) => Number(n.trim())).filter((n) => n > 0);
  const server = await openBenchServer(process.env['DATABASE_URL'], { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all' });
  const results: ScaleResult[] = [];
  try {
    for (const size of sizes) {
      results.push(await measureScale(server, size, {
        persons: Number(values.persons),
        requests: Number(values.requests),
        statementRequests: Number(values['statement-requests']),
        keep: values.keep,
        verbose: values.verbose,
      }));
    }
  } finally {
    await server.stop();
  }
  console.log(`\nWelfare positions (the GraphiQL example operation with benefits(first: 100), INPS_ADMIN token, through the gateway; ${server.description}; ${machineSummary()})`);
  let constant = true;
  for (const result of results) {
    console.log(`\n### SQL statements per request, ${result.benefitsStored.toLocaleString('en')} benefits stored (pg_stat_statements, ${values['statement-requests']} requests per position, by schema)\n`);
    console.log(formatStatements(result));
    if (values['show-statements'] && typeof result.statements !== 'string') {
      for (const count of result.statements) {
        console.log(`\n${count.label}:`);
        for (const text of count.texts) console.log(`  ${text.perRequest.toFixed(2)}  ${text.query.slice(0, 220)}`);
      }
    }
    if (typeof result.statements !== 'string') {
      // Rounded: a pool's new connection or a probe may add a statement to one window.
      const data = result.statements.map((count) => Math.round(count.data));
      if (new Set(data).size !== 1) constant = false;
    }
  }
  console.log('\n### Latency (one request at a time, different persons)\n');
  console.log('| benefits stored | persons | load s | requests | p50 ms | p90 ms | p99 ms | mean ms | p50 1 / 10 / 100 benefits |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of results) {
    console.log(`| ${r.benefitsStored.toLocaleString('en')} | ${r.dataset.persons.toLocaleString('en')} | ${r.dataset.seconds.toFixed(0)} | ${r.latency.requests} | ${r.latency.p50.toFixed(2)} | ${r.latency.p90.toFixed(2)} | ${r.latency.p99.toFixed(2)} | ${r.latency.mean.toFixed(2)} | ${['1', '10', '100'].map((k) => (r.samples[k] ?? 0).toFixed(2)).join(' / ')} |`);
  }
  const verdicts: string[] = [];
  if (results.some((r) => typeof r.statements !== 'string')) verdicts.push(`constant SQL statements per request (without audit): ${constant ? 'met' : 'MISSED'}`);
  const first = results[0];
  const last = results[results.length - 1];
  if (first && last && last !== first) {
    const ratio = last.latency.p50 / first.latency.p50;
    verdicts.push(`p50 at ${last.benefitsStored.toLocaleString('en')} / at ${first.benefitsStored.toLocaleString('en')}: ${ratio.toFixed(2)}x (target ≤ 1.5x): ${ratio <= 1.5 ? 'met' : 'MISSED'}`);
  }
  console.log(`\n${verdicts.map((v) => `- ${v}`).join('\n')}`);
  return constant ? 0 : 1;
}
