// Messages between the flows service and its ingest threads (threads.ts <-> ingest-thread.ts).
import type { FlowState } from '../entities/Flow.ts';

/** What an ingest thread is started with: plain data, as workerData must be. */
export interface IngestThreadData {
  databaseUrl: string;
  strictRules: string[];
  batchSize: number;
  maxAttempts: number;
  loggerName: string;
  logLevel: string;
}

export type ThreadRequest = { type: 'run'; id: number; flowId: string } | { type: 'stop' };

export type ThreadReply =
  | { type: 'ready' }
  | { type: 'log'; line: string }
  | { type: 'done'; id: number; state: FlowState | 'BUSY' | 'MISSING' }
  | { type: 'failed'; id: number; errorName: string; message: string };
