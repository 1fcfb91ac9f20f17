import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { ErrorCode } from '@siuss/errors/codes';
import { domainError } from '@siuss/errors/errors';
import type { Logger } from '@siuss/logging/logger';
import type { Submitter } from './access.ts';
import type { FlowsConfig } from './config.ts';
import type { FlowFormat } from './entities/Flow.ts';
import type { IngestDeps } from './pipeline/job.ts';
import { startIngestThreads } from './pipeline/threads.ts';
import { startFlowQueue, type FlowQueue } from './queue.ts';
import { storeFlowFile, type StoredFlow } from './storage.ts';
import { pollEnte, startPolling, type PollResult } from './waas/poller.ts';

export interface FlowServiceOptions {
  databaseUrl: string;
  settings: Pick<FlowsConfig, 'strictRules' | 'flows'>;
  logger: Logger;
  /** Opens the assessments subgraph's ORM (SINBA cases are stored through its service). */
  openAssessments(): Promise<MikroORM>;
  /** Ingest in this process (the default), or only receive and queue. */
  workers?: boolean;
  /** Sees every flow acquired through WaaS (the audit log records it). */
  onWaasFlowAcquired?(enteCode: string, flowId: string): Promise<void>;
}

/** What the upload endpoint, the mutations and the CLI need of the flows machinery. */
export interface FlowService {
  pool: pg.Pool;
  settings: FlowServiceOptions['settings'];
  /** Stores a file and queues its job; see storeFlowFile. */
  submit(source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, meta: { format: FlowFormat; csvEnvelope?: Record<string, unknown> | null; submitter: Submitter }): Promise<StoredFlow>;
  registerWaasEnte(input: { enteCode: string; baseUrl: string; enabled: boolean }): Promise<void>;
  pollWaas(enteCode?: string | null): Promise<PollResult[]>;
  /** Starts the queue workers, the start-up sweep and the WaaS polling. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const BELFIORE = /^[A-Z][0-9]{3}$/;

/**
 * The flows machinery of one process: a pg pool for the pipeline (raw SQL, so the writers of the
 * benefits and assessments subgraphs share one transaction), the pg-boss queue and its workers, and
 * the WaaS poller. Nothing runs until `start()`.
 */
export function createFlowService(options: FlowServiceOptions): FlowService {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 8, application_name: 'siuss-flows' });
  pool.on('error', (error) => options.logger.error({ errorName: error.name }, 'idle flows connection failed'));
  const { flows } = options.settings;
  let queue: FlowQueue | undefined;
  let assessments: Promise<MikroORM> | undefined;
  let polling: { stop(): void } | undefined;
  let ingestDeps: IngestDeps | undefined;

  // Loaded only when jobs run inline: the pipeline (libxml2, the rules, the reference tables) then stays out of this heap.
  const inline = async (flowId: string) => {
    const { runFlowJob } = await import('./pipeline/job.ts');
    ingestDeps ??= {
      pool, assessments: () => (assessments ??= options.openAssessments()),
      strictRules: options.settings.strictRules, batchSize: flows.batchSize, maxAttempts: flows.maxAttempts, logger: options.logger,
    };
    return runFlowJob(ingestDeps, flowId);
  };
  const threads = flows.threads.enabled && options.workers !== false
    ? startIngestThreads({
      data: {
        databaseUrl: options.databaseUrl, strictRules: [...options.settings.strictRules], batchSize: flows.batchSize, maxAttempts: flows.maxAttempts,
        loggerName: 'flows', logLevel: options.logger.level,
      },
      // The queue's jobs, and one flow acquired by the WaaS poller, which ingests it at once.
      size: flows.workers + 1,
      limits: { oldGenerationMb: flows.threads.heapMb, youngGenerationMb: flows.threads.youngMb },
      idleMs: flows.threads.idleSeconds * 1000,
      logger: options.logger,
    })
    : undefined;
  const ingest = async (flowId: string): Promise<unknown> => {
    const state = await (threads ? threads.run(flowId) : inline(flowId));
    if (state === 'BUSY') throw new Error('flow busy in another worker');
    return state;
  };
  const pollerDeps = { pool, settings: flows.waas, logger: options.logger, ingest, ...(options.onWaasFlowAcquired ? { onAcquired: options.onWaasFlowAcquired } : {}) };

  return {
    pool,
    settings: options.settings,
    async submit(source, meta) {
      const stored = await storeFlowFile(pool, source, { format: meta.format, channel: 'FILE_UPLOAD', csvEnvelope: meta.csvEnvelope ?? null, submitter: meta.submitter }, flows.maxUploadBytes);
      if (stored.created) {
        await queue?.enqueue(stored.flowId).catch((error: unknown) => options.logger.error({ errorName: (error as Error).name }, 'flow stored but not queued; the start-up sweep queues it'));
      }
      return stored;
    },
    async registerWaasEnte({ enteCode, baseUrl, enabled }) {
      const code = enteCode.trim().toUpperCase();
      if (!BELFIORE.test(code)) throw domainError(ErrorCode.BAD_USER_INPUT, 'enteCode must be a Belfiore code such as H501 (codice_ente of api-comuni v2.0.1).', { argument: 'enteCode' });
      let url: URL;
      try {
        url = new URL(baseUrl);
      } catch {
        throw domainError(ErrorCode.BAD_USER_INPUT, 'baseUrl is not a URL; give the server URL of the ente API, e.g. https://comune.example/waas/v1.', { argument: 'baseUrl' });
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw domainError(ErrorCode.BAD_USER_INPUT, 'baseUrl must be an http(s) URL.', { argument: 'baseUrl' });
      await pool.query(
        `insert into flows.waas_ente (ente_code, base_url, enabled) values ($1, $2, $3)
         on conflict (ente_code) do update set base_url = excluded.base_url, enabled = excluded.enabled`,
        [code, url.toString().replace(/\/+$/, ''), enabled],
      );
    },
    async pollWaas(enteCode) {
      const codes = enteCode
        ? [enteCode.trim().toUpperCase()]
        : (await pool.query<{ ente_code: string }>('select ente_code from flows.waas_ente where enabled order by ente_code')).rows.map((r) => r.ente_code);
      const results: PollResult[] = [];
      for (const code of codes) {
        const result = await pollEnte(pollerDeps, code);
        if (result.error === 'not registered') throw domainError(ErrorCode.NOT_FOUND, `Ente ${code} is not registered for WaaS polling; register it with registerWaasEnte.`);
        results.push(result);
      }
      return results;
    },
    async start() {
      for (const ente of flows.waas.entes) await this.registerWaasEnte({ ...ente, enabled: true });
      if (options.workers === false) {
        queue = await startFlowQueue({ databaseUrl: options.databaseUrl, workers: flows.workers, heartbeatSeconds: flows.heartbeatSeconds, retryLimit: flows.maxAttempts + 1, logger: options.logger, handle: ingest, workerless: true }, pool);
        return;
      }
      queue = await startFlowQueue({ databaseUrl: options.databaseUrl, workers: flows.workers, heartbeatSeconds: flows.heartbeatSeconds, retryLimit: flows.maxAttempts + 1, logger: options.logger, handle: ingest }, pool);
      polling = startPolling(pollerDeps);
    },
    async stop() {
      polling?.stop();
      await queue?.stop();
      await threads?.stop();
      await (await assessments)?.close();
      await pool.end();
    },
  };
}
