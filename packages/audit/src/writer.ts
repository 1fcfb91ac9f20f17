import pg from 'pg';
import type { Logger } from '@siuss/logging/logger';
import type { AuditSettings } from './config.ts';
import { GENESIS_HASH, entryHash, type AuditEntry } from './entry.ts';
import { ensureAuditSchema } from './schema.ts';

/** Where a subgraph's audit entries go: the batched database writer, or memory in tests. */
export interface AuditSink {
  /** Queues entries; returns at once, never throws, never waits for the database. */
  append(entries: readonly AuditEntry[]): void;
  /**
   * Writes everything queued before the call. Resolves when it is written, or when the attempt
   * failed: the entries then stay queued, are retried, and the failure is logged. Never rejects.
   */
  flush(): Promise<void>;
  /** False while the queue is full (the database has refused writes for a while): callers refuse audited work. */
  readonly accepting: boolean;
  /** Flushes and releases the connections; entries appended afterwards are logged as lost. */
  close(): Promise<void>;
}

/** Rows per INSERT: 17 parameters each, well under PostgreSQL's 65535. */
const ROWS_PER_STATEMENT = 1000;
const COLUMNS = [
  'id', 'at', 'request_id', 'subgraph', 'operation_name', 'operation_type', 'action', 'operator_tax_code', 'operator_roles',
  'ente_code', 'purpose', 'subject_kind', 'subject_id', 'fields', 'error_code', 'prev_hash', 'hash',
] as const;
const CASTS: Partial<Record<(typeof COLUMNS)[number], string>> = { id: 'bigint', at: 'timestamptz', operator_roles: 'text[]', fields: 'text[]' };
const MAX_BACKOFF_MS = 30_000;
const CLOSE_ATTEMPTS = 3;

export interface AuditWriterOptions {
  /** The hub database. */
  url: string;
  logger: Logger;
  settings: Pick<AuditSettings, 'flushMs' | 'batchSize' | 'maxBuffered'>;
  /** Connections of the writer's own pool (default 2: one flush at a time, plus the schema check). */
  poolMax?: number;
}

/**
 * The batched, hash-chained writer of one process. Entries wait in memory and are written every
 * `flushMs` or as soon as `batchSize` are queued, in one transaction per flush that takes a
 * transaction-level advisory lock (so writers in several processes extend one chain), reads the
 * last entry's id and hash, and inserts the batch with consecutive ids, each entry hashing the one
 * before it. A failed flush puts its entries back at the head of the queue, logs the failure (a
 * count and an error name, never an entry) and is retried with a growing delay; nothing is dropped.
 * The schema is created on the first flush (`ensureAuditSchema`).
 */
export class AuditWriter implements AuditSink {
  private readonly pool: pg.Pool;
  private readonly logger: Logger;
  private readonly settings: AuditWriterOptions['settings'];
  private readonly url: string;
  private queue: AuditEntry[] = [];
  private inFlight: Promise<void> | null = null;
  private schemaReady = false;
  private failures = 0;
  private retryAt = 0;
  private closed = false;
  private readonly timer: NodeJS.Timeout;

  constructor(options: AuditWriterOptions) {
    this.url = options.url;
    this.logger = options.logger;
    this.settings = options.settings;
    this.pool = new pg.Pool({ connectionString: options.url, max: options.poolMax ?? 2, application_name: 'siuss-audit' });
    this.pool.on('error', (error) => this.logger.error({ errorName: error.name }, 'idle audit connection failed'));
    this.timer = setInterval(() => {
      if (this.queue.length > 0 && Date.now() >= this.retryAt) void this.flush();
    }, this.settings.flushMs);
    this.timer.unref();
  }

  get accepting(): boolean {
    return this.queue.length < this.settings.maxBuffered;
  }

  /** Entries queued and not yet written. */
  get pending(): number {
    return this.queue.length;
  }

  append(entries: readonly AuditEntry[]): void {
    if (entries.length === 0) return;
    if (this.closed) {
      this.logger.error({ lost: entries.length }, 'audit entries appended after the writer was closed');
      return;
    }
    this.queue.push(...entries);
    if (this.queue.length >= this.settings.batchSize && Date.now() >= this.retryAt) void this.flush();
  }

  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight;
    if (this.queue.length === 0) return;
    this.inFlight = this.drain().finally(() => {
      this.inFlight = null;
    });
    await this.inFlight;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    for (let attempt = 0; attempt < CLOSE_ATTEMPTS && this.queue.length > 0; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(this.settings.flushMs * 2 ** attempt, 2000)));
      await this.flush();
    }
    if (this.queue.length > 0) {
      this.logger.error({ lost: this.queue.length }, 'audit entries could not be written before closing');
    }
    await this.pool.end();
  }

  /** Writes the queue in transactions of at most ROWS_PER_STATEMENT entries, until it is empty or a write fails. */
  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, ROWS_PER_STATEMENT);
      try {
        await this.write(batch);
        if (this.failures > 0) this.logger.info({ failures: this.failures }, 'audit log writable again');
        this.failures = 0;
        this.retryAt = 0;
      } catch (error) {
        this.queue.unshift(...batch);
        this.failures += 1;
        const delay = Math.min(this.settings.flushMs * 2 ** this.failures, MAX_BACKOFF_MS);
        this.retryAt = Date.now() + delay;
        // Only counts and the error's name and SQLSTATE: a driver message can quote values.
        this.logger.error(
          { errorName: (error as Error).name, sqlState: (error as { code?: string }).code, pending: this.queue.length, retryInMs: delay },
          'audit flush failed; entries kept and retried',
        );
        return;
      }
    }
  }

  private async write(batch: readonly AuditEntry[]): Promise<void> {
    if (!this.schemaReady) {
      await ensureAuditSchema(this.url);
      this.schemaReady = true;
    }
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      await client.query(`select pg_advisory_xact_lock(hashtext('siuss.audit.chain'))`);
      const last = (await client.query<{ id: string; hash: string }>('select id, hash from audit.entry order by id desc limit 1')).rows[0];
      let id = last ? Number(last.id) : 0;
      let prevHash = last?.hash ?? GENESIS_HASH;
      const values: unknown[] = [];
      const tuples: string[] = [];
      for (const entry of batch) {
        id += 1;
        const hash = entryHash(entry, id, prevHash);
        const row = [
          id, entry.at, entry.requestId, entry.subgraph, entry.operationName, entry.operationType, entry.action, entry.operatorTaxCode,
          [...entry.operatorRoles], entry.enteCode, entry.purpose, entry.subject?.kind ?? null, entry.subject?.id ?? null, [...entry.fields],
          entry.errorCode, prevHash, hash,
        ];
        const base = values.length;
        tuples.push(`(${COLUMNS.map((column, i) => `$${base + i + 1}${CASTS[column] ? `::${CASTS[column]}` : ''}`).join(', ')})`);
        values.push(...row);
        prevHash = hash;
      }
      await client.query(`insert into audit.entry (${COLUMNS.join(', ')}) values ${tuples.join(', ')}`, values);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/** The writer of a subgraph process, on the hub database. */
export function createAuditWriter(options: AuditWriterOptions): AuditWriter {
  return new AuditWriter(options);
}

/** A sink that keeps entries in memory, for tests and in-process tools that have no database. */
export interface MemoryAuditSink extends AuditSink {
  readonly entries: AuditEntry[];
}

/** An in-memory sink: `entries` holds what was appended, in order. */
export function memoryAuditSink(): MemoryAuditSink {
  const entries: AuditEntry[] = [];
  return {
    entries,
    accepting: true,
    append: (appended) => {
      entries.push(...appended);
    },
    flush: async () => undefined,
    close: async () => undefined,
  };
}

/**
 * The audit of one subgraph process, as its createServer takes it: a writer on the hub database
 * with the process's settings, and whether person reads must state a purpose.
 */
export function openAudit(options: { url: string; logger: Logger; settings: AuditSettings }): { sink: AuditWriter; requirePurpose: boolean } {
  return { sink: createAuditWriter(options), requirePurpose: options.settings.requirePurpose };
}
