import { Worker } from 'node:worker_threads';
import type { Logger } from '@siuss/logging/logger';
import type { FlowState } from '../entities/Flow.ts';
import type { IngestThreadData, ThreadReply, ThreadRequest } from './thread-protocol.ts';

export interface IngestThreadOptions {
  data: IngestThreadData;
  /** Threads at most: the flows this process ingests at the same time. */
  size: number;
  /** V8 heap limits of each thread, in MB. */
  limits: { oldGenerationMb: number; youngGenerationMb: number };
  /** A thread with no job for this long ends, giving its memory back. */
  idleMs: number;
  logger: Logger;
  /** The thread's script; ingest-thread.ts (tests give a stand-in speaking the same protocol). */
  entry?: URL;
}

export interface IngestThreads {
  /** Runs one flow job (runFlowJob) on a thread; rejects when the job throws or its thread dies. */
  run(flowId: string): Promise<FlowState | 'BUSY' | 'MISSING'>;
  /** Lets the threads finish their jobs' cleanup and ends them. */
  stop(): Promise<void>;
}

interface Job {
  id: number;
  flowId: string;
  resolve(state: FlowState | 'BUSY' | 'MISSING'): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  job: Job | undefined;
  idle: NodeJS.Timeout | undefined;
  exited: Promise<void>;
}

const PINO_LEVELS: Record<number, 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/**
 * The threads flow jobs run on. Each has its own V8 heap, capped by `limits`, so a 1,000,000-record
 * file is ingested in bounded memory whatever else the service does, and a job that runs out of it
 * costs its thread, not the service: the job fails (pg-boss retries it; the flow resumes after its
 * last committed batch, or ends FAILED after its attempts). Threads start on demand, are reused,
 * and end after `idleMs` without work.
 */
export function startIngestThreads(options: IngestThreadOptions): IngestThreads {
  const { logger } = options;
  const threads = new Set<Thread>();
  const waiting: Job[] = [];
  let nextId = 1;
  let stopping = false;

  const relayLog = (line: string): void => {
    try {
      const { level, msg, time: _time, pid: _pid, hostname: _hostname, name: _name, ...fields } = JSON.parse(line) as Record<string, unknown>;
      logger[PINO_LEVELS[level as number] ?? 'info']({ ...fields, thread: 'ingest' }, String(msg ?? ''));
    } catch {
      logger.warn('unreadable log line from an ingest thread');
    }
  };

  const dispatch = (thread: Thread, job: Job): void => {
    clearTimeout(thread.idle);
    thread.idle = undefined;
    thread.job = job;
    thread.worker.postMessage({ type: 'run', id: job.id, flowId: job.flowId } satisfies ThreadRequest);
  };

  const becomeIdle = (thread: Thread): void => {
    thread.job = undefined;
    const job = waiting.shift();
    if (job) return dispatch(thread, job);
    thread.idle = setTimeout(() => retire(thread), options.idleMs);
    thread.idle.unref();
  };

  /** Asks an idle thread to end; from now on it takes no job. */
  const retire = (thread: Thread): void => {
    threads.delete(thread);
    thread.worker.postMessage({ type: 'stop' } satisfies ThreadRequest);
  };

  const spawn = (): Thread => {
    const worker = new Worker(options.entry ?? new URL('./ingest-thread.ts', import.meta.url), {
      name: 'siuss-ingest',
      workerData: options.data,
      resourceLimits: { maxOldGenerationSizeMb: options.limits.oldGenerationMb, maxYoungGenerationSizeMb: options.limits.youngGenerationMb },
    });
    let failure: Error | undefined;
    const thread: Thread = { worker, job: undefined, idle: undefined, exited: new Promise((resolve) => worker.once('exit', () => resolve())) };
    worker.on('message', (reply: ThreadReply) => {
      if (reply.type === 'log') return relayLog(reply.line);
      if (reply.type === 'ready') return;
      const job = thread.job;
      if (!job || job.id !== reply.id) return;
      if (reply.type === 'done') job.resolve(reply.state);
      else job.reject(Object.assign(new Error(reply.message), { name: reply.errorName }));
      becomeIdle(thread);
    });
    worker.on('error', (error: Error & { code?: string }) => {
      failure = error;
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      logger.error({ errorName: error.name, code: error.code, limitMb: options.limits.oldGenerationMb },
        outOfMemory ? 'an ingest thread ran out of memory; its flow will be retried (raise SIUSS_FLOWS_THREAD_HEAP_MB if it keeps happening)' : 'an ingest thread failed; its flow will be retried');
    });
    worker.once('exit', (code) => {
      threads.delete(thread);
      clearTimeout(thread.idle);
      const job = thread.job;
      thread.job = undefined;
      if (job) {
        const reason = failure?.message ?? `exit code ${code}`;
        job.reject(Object.assign(new Error(`The ingest thread of flow ${job.flowId} stopped before the job ended (${reason}); the flow resumes after its last committed batch.`), { name: 'IngestThreadStopped' }));
      }
      // A job that was waiting for a thread gets a new one.
      const next = waiting.shift();
      if (next && !stopping) dispatch(spawnTracked(), next);
    });
    return thread;
  };

  const spawnTracked = (): Thread => {
    const thread = spawn();
    threads.add(thread);
    return thread;
  };

  return {
    run(flowId) {
      if (stopping) return Promise.reject(new Error('the flows service is stopping; the flow stays queued'));
      return new Promise((resolve, reject) => {
        const job: Job = { id: nextId++, flowId, resolve, reject };
        const free = [...threads].find((thread) => thread.job === undefined);
        if (free) dispatch(free, job);
        else if (threads.size < options.size) dispatch(spawnTracked(), job);
        else waiting.push(job);
      });
    },
    async stop() {
      stopping = true;
      for (const job of waiting.splice(0)) job.reject(new Error('the flows service stopped; the flow stays queued'));
      const all = [...threads];
      for (const thread of all) {
        clearTimeout(thread.idle);
        if (thread.job) void thread.worker.terminate();
        else retire(thread);
      }
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
      await Promise.race([Promise.all(all.map((thread) => thread.exited)), deadline]);
      await Promise.all(all.map((thread) => thread.worker.terminate()));
    },
  };
}
