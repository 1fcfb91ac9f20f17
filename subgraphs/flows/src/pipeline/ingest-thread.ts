// The entry point of an ingest thread (see threads.ts): runs flow jobs on its own V8 heap, with
// its own pg pool and, once a SINBA flow comes, its own ORM of the assessments subgraph.
import { parentPort, workerData } from 'node:worker_threads';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { createLogger } from '@siuss/logging/logger';
import { runFlowJob, type IngestDeps } from './job.ts';
import type { IngestThreadData, ThreadReply, ThreadRequest } from './thread-protocol.ts';

const port = parentPort;
if (!port) throw new Error('ingest-thread.ts runs only as a worker thread (see threads.ts)');
const data = workerData as IngestThreadData;

// Log lines go to the service's own logger, which writes them the way it writes its own.
const logger = createLogger({
  name: data.loggerName,
  level: data.logLevel,
  destination: { write: (line: string) => port.postMessage({ type: 'log', line } satisfies ThreadReply) },
});
const pool = new pg.Pool({ connectionString: data.databaseUrl, max: 4, application_name: 'siuss-flows-ingest' });
pool.on('error', (error) => logger.error({ errorName: error.name }, 'idle ingest connection failed'));
let assessments: Promise<MikroORM> | undefined;
const deps: IngestDeps = {
  pool,
  // Only a SINBA flow needs it; the ORM stays out of the thread's heap until then.
  assessments: () => (assessments ??= import('@siuss/subgraph-assessments/orm').then(({ createOrm }) => createOrm({ url: data.databaseUrl }))),
  strictRules: new Set(data.strictRules),
  batchSize: data.batchSize,
  maxAttempts: data.maxAttempts,
  logger,
};

port.on('message', (request: ThreadRequest) => {
  if (request.type === 'stop') {
    void (async () => {
      await (await assessments)?.close().catch(() => undefined);
      await pool.end().catch(() => undefined);
      port.close();
    })();
    return;
  }
  runFlowJob(deps, request.flowId).then(
    (state) => port.postMessage({ type: 'done', id: request.id, state } satisfies ThreadReply),
    (error: unknown) => port.postMessage({ type: 'failed', id: request.id, errorName: (error as Error).name ?? 'Error', message: String((error as Error).message ?? error) } satisfies ThreadReply),
  );
});
port.postMessage({ type: 'ready' } satisfies ThreadReply);
