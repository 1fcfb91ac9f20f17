import { PgBoss } from 'pg-boss';
import type pg from 'pg';
import type { Logger } from '@siuss/logging/logger';

export const FLOW_QUEUE = 'siuss-flow-ingest';

export interface FlowQueueOptions {
  databaseUrl: string;
  /** Flows this process ingests at the same time. */
  workers: number;
  heartbeatSeconds: number;
  /** pg-boss retries of a job; the job itself marks its flow FAILED past its own attempt limit. */
  retryLimit: number;
  logger: Logger;
  /** Runs one flow; throwing makes pg-boss retry it later (with backoff). */
  handle(flowId: string): Promise<unknown>;
  /** Only enqueue (an API process that leaves ingestion to other workers). */
  workerless?: boolean;
}

export interface FlowQueue {
  enqueue(flowId: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The durable queue of flow jobs, on pg-boss in the hub's PostgreSQL (schema `pgboss`): any number
 * of ingest processes, on any number of machines, share the work safely. A job whose worker stops
 * sending heartbeats is handed to another worker. On start, flows left unfinished by a process that
 * died are queued again, so a restart resumes them.
 */
export async function startFlowQueue(options: FlowQueueOptions, pool: pg.Pool): Promise<FlowQueue> {
  // LISTEN/NOTIFY wakes a worker as soon as a flow is queued; polling stays as the fallback.
  const boss = new PgBoss({ connectionString: options.databaseUrl, schema: 'pgboss', max: 4, application_name: 'siuss-flows-queue', useListenNotify: !options.workerless });
  boss.on('error', (error: Error) => options.logger.error({ errorName: error.name, message: error.message }, 'flow queue error'));
  await boss.start();
  await boss.createQueue(FLOW_QUEUE, {
    notify: true,
    heartbeatSeconds: options.heartbeatSeconds,
    retryLimit: options.retryLimit,
    retryDelay: 2,
    retryBackoff: true,
    retryDelayMax: 300,
    expireInSeconds: 24 * 3600,
    deleteAfterSeconds: 7 * 24 * 3600,
  }).catch((error: unknown) => {
    // Another process created it at the same moment.
    if (!/already exists|duplicate key/i.test((error as Error).message)) throw error;
  });
  // createQueue leaves a queue made by an earlier version as it was.
  await boss.updateQueue(FLOW_QUEUE, { notify: true });
  const enqueue = async (flowId: string): Promise<void> => {
    await boss.send(FLOW_QUEUE, { flowId });
  };
  if (!options.workerless) {
    await boss.work<{ flowId: string }>(FLOW_QUEUE, { localConcurrency: options.workers, batchSize: 1, pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 5 }, async (jobs) => {
      for (const job of jobs) await options.handle(job.data.flowId);
    });
    const { rows } = await pool.query<{ id: string }>(`select id from flows.flow where state in ('RECEIVED', 'VALIDATING', 'STORING') order by received_at`);
    for (const row of rows) await enqueue(row.id);
    if (rows.length > 0) options.logger.info({ flows: rows.length }, 'unfinished flows queued again');
  }
  return {
    enqueue,
    stop: () => boss.stop({ graceful: true, timeout: 10_000 }),
  };
}
