// `npm run bench -- <benchmark> [options]`: the benchmarks of the hub, run on demand (not by npm test).
import { runAuditBench } from './audit.ts';
import { runIngestBench } from './ingest.ts';

const BENCHMARKS: Record<string, (argv: string[]) => Promise<number>> = { ingest: runIngestBench, audit: runAuditBench };

const [name = '', ...argv] = process.argv.slice(2);
const run = BENCHMARKS[name];
if (!run) {
  console.error(`Usage: npm run bench -- <benchmark> [options]; benchmarks: ${Object.keys(BENCHMARKS).join(', ')} (see bench/README.md).`);
  process.exit(2);
}
try {
  process.exitCode = await run(argv);
} catch (error) {
  console.error(`bench ${name} failed: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
}
