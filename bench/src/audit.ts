import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { AuditWriter, type AuditSink } from '@siuss/audit/writer';
import { ensureDatabase } from '@siuss/db/databases';
import { createLogger } from '@siuss/logging/logger';
import { trustedViewer } from '@siuss/service/viewer';
import { createOrm, migrateBenefits } from '@siuss/subgraph-benefits/orm';
import { seedDemoData } from '@siuss/subgraph-benefits/seed';
import { createBenefitsServer } from '@siuss/subgraph-benefits/server';
import { openBenchServer } from './database.ts';

// The cost of the audit log on reads: the benefits subgraph (in-process, real PostgreSQL) answers
// the same person query with the audit plugin writing to the database, and with a sink that drops
// every entry, alternating A B B A so the machine's noise and the order fall on both.

const QUERY = `query($taxCode: CodiceFiscale!) { person(taxCode: $taxCode) { taxCode surname name residences { comuneCode }
  benefits(first: 20) { totalCount edges { node { code startDate monthlyAmount status } } } } }`;

const dropping: AuditSink = { append: () => undefined, flush: async () => undefined, accepting: true, close: async () => undefined };

/**
 * CPU ms used so far by this process's descendants (the embedded PostgreSQL: postmaster, backends,
 * WAL writer...), from /proc; null where there is no /proc or no descendant (DATABASE_URL's server).
 */
function databaseCpuMs(): number | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  const children = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after "pid (comm) ": state ppid ... utime (14th field) stime (15th).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const parent = Number(fields[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
      ticks.set(Number(name), Number(fields[11]) + Number(fields[12]));
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  let found = false;
  const walk = (pid: number): void => {
    for (const child of children.get(pid) ?? []) {
      found = true;
      total += ticks.get(child) ?? 0;
      walk(child);
    }
  };
  walk(process.pid);
  // Clock ticks are 10 ms on Linux (USER_HZ 100).
  return found ? total * 10 : null;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** `npm run bench -- audit [--requests 2000] [--rounds 4]`: person reads with and without audit writing. */
export async function runAuditBench(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { requests: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '4' } } });
  const requests = Number(values.requests);
  const rounds = Number(values.rounds);
  const server = await openBenchServer(process.env['DATABASE_URL']);
  const url = await ensureDatabase(server.adminUrl, `bench_audit_${Date.now()}`);
  const orm = await createOrm({ url });
  const logger = createLogger({ name: 'bench-audit', level: 'warn' });
  try {
    await migrateBenefits(orm, url);
    await seedDemoData(orm.em.fork());
    const writer = new AuditWriter({ url, logger, settings: { flushMs: 200, batchSize: 200, maxBuffered: 100_000 } });
    const viewer = trustedViewer({ operatorTaxCode: 'DLCNDR82M03H501W', roles: ['INPS_ADMIN'], scopes: ['benefits:read'], purpose: 'benchmark' });
    const variants = [
      { name: 'without audit', ...createBenefitsServer({ orm, logger, settings: { strictRules: new Set(), maxPageSize: 100 }, introspection: false, audit: { sink: dropping, requirePurpose: false } }) },
      { name: 'with audit', ...createBenefitsServer({ orm, logger, settings: { strictRules: new Set(), maxPageSize: 100 }, introspection: false, audit: { sink: writer, requirePurpose: true } }) },
    ];
    for (const v of variants) await v.apollo.start();
    const timings = new Map(variants.map((v) => [v.name, [] as number[]]));
    const cpu = new Map(variants.map((v) => [v.name, 0]));
    const dbCpu = new Map(variants.map((v) => [v.name, 0]));
    const run = async (variant: (typeof variants)[number], count: number, record: boolean) => {
      const dbBefore = databaseCpuMs();
      for (let i = 0; i < count; i += 1) {
        const started = performance.now();
        const usage = process.cpuUsage();
        const response = await variant.apollo.executeOperation({ query: QUERY, variables: { taxCode: 'RSSMRA80C15H501M' } }, { contextValue: variant.createContext(viewer) });
        if (response.body.kind !== 'single' || response.body.singleResult.errors) throw new Error(`query failed: ${JSON.stringify(response.body)}`);
        if (record) {
          timings.get(variant.name)?.push(performance.now() - started);
          const spent = process.cpuUsage(usage);
          cpu.set(variant.name, (cpu.get(variant.name) ?? 0) + (spent.user + spent.system) / 1000);
        }
      }
      const dbAfter = databaseCpuMs();
      if (record && dbBefore !== null && dbAfter !== null) dbCpu.set(variant.name, (dbCpu.get(variant.name) ?? 0) + dbAfter - dbBefore);
    };
    const measuresDatabase = databaseCpuMs() !== null;
    for (const v of variants) await run(v, 200, false);
    // A B, B A, A B...: whichever runs second in a round has a warmer process and takes over the
    // leftovers of the one before (the writer's last flush); swapping the order each round cancels that.
    for (let round = 0; round < rounds; round += 1) {
      for (const v of round % 2 === 0 ? variants : [...variants].reverse()) await run(v, requests / rounds, true);
    }
    await writer.flush();
    const entries = Number((await orm.em.getConnection().execute('select count(*) as n from audit.entry'))[0]?.n ?? 0);
    const rows = variants.map((v) => {
      const sorted = [...(timings.get(v.name) ?? [])].sort((a, b) => a - b);
      const total = sorted.reduce((sum, t) => sum + t, 0);
      return { name: v.name, rps: (sorted.length / total) * 1000, p50: percentile(sorted, 50), p99: percentile(sorted, 99), cpu: (cpu.get(v.name) ?? 0) / sorted.length, dbCpu: (dbCpu.get(v.name) ?? 0) / sorted.length };
    });
    console.log(`\nAudit cost on person reads (benefits subgraph in-process, ${server.description}, ${requests} requests per variant, A B / B A alternating in ${rounds} rounds)\n`);
    console.log('| variant | requests/s | p50 ms | p99 ms | CPU ms/request | PostgreSQL CPU ms/request |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const r of rows) console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.cpu.toFixed(2)} | ${measuresDatabase ? r.dbCpu.toFixed(2) : 'n/a'} |`);
    const [without, withAudit] = rows;
    const more = (value: number): string => `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
    console.log(`\nwith/without: throughput ${((withAudit?.rps ?? 0) / (without?.rps ?? 1)).toFixed(2)}x, p50 ${((withAudit?.p50 ?? 0) / (without?.p50 ?? 1)).toFixed(2)}x, `
      + `CPU ${more((withAudit?.cpu ?? 0) - (without?.cpu ?? 0))} ms/read${measuresDatabase ? `, PostgreSQL CPU ${more((withAudit?.dbCpu ?? 0) - (without?.dbCpu ?? 0))} ms/read` : ''}; `
      + `audit entries written: ${entries} (expected ${requests + 200}) in ${writer.written.transactions} transactions`);
    for (const v of variants) await v.apollo.stop();
    await writer.close();
    return entries === requests + 200 ? 0 : 1;
  } finally {
    await orm.close();
    await server.stop();
  }
}
