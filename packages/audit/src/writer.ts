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

/**
 * Entries per transaction. A batch travels as one JSON parameter (see `write`), so the limit is
 * not PostgreSQL's 65535 parameters but the size of one statement and of one lock hold.
 */
const ROWS_PER_STATEMENT = 1000;
const CHAIN_LOCK = `select pg_advisory_xact_lock(hashtext('siuss.audit.chain'))`;
const CHAIN_HEAD = 'select id, hash from audit.entry order by id desc limit 1';
/**
 * One INSERT for the whole batch: the rows as a JSON array of objects keyed by column, expanded by
 * PostgreSQL into `audit.entry` rows (JSON arrays become the `text[]` columns). One parameter
 * instead of 17 per row: the driver encodes one string, the server parses one plan.
 */
const INSERT_BATCH = 'insert into audit.entry select * from json_populate_recordset(null::audit.entry, $1::json)';
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
 * before it (one INSERT, the batch as one JSON parameter). A request pays only for `append` (a
 * push): the hashing and the SQL happen in the flush, once per batch. A flush writes what was
 * queued when it began; what arrives meanwhile waits for the next one, so under a steady stream
 * of reads the writer still commits about once per `flushMs`, not once per request. A failed flush puts its entries back at the head of the queue, logs the failure (a
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
  private writtenEntries = 0;
  private writtenTransactions = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(options: AuditWriterOptions) {
    this.url = options.url;
    this.logger = options.logger;
    this.settings = options.settings;
    this.pool = new pg.Pool({ connectionString: options.url, max: options.poolMax ?? 2, application_name: 'siuss-audit' });
    this.pool.on('error', (error) => this.logger.error({ errorName: error.name }, 'idle audit connection failed'));
    this.timer = setInterval(() => {
      if (this.queue.length > 0) this.startFlush();
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

  /** What this writer has committed so far: entries, and the transactions they took (a batch each). */
  get written(): { entries: number; transactions: number } {
    return { entries: this.writtenEntries, transactions: this.writtenTransactions };
  }

  append(entries: readonly AuditEntry[]): void {
    if (entries.length === 0) return;
    if (this.closed) {
      this.logger.error({ lost: entries.length }, 'audit entries appended after the writer was closed');
      return;
    }
    this.queue.push(...entries);
    if (this.queue.length >= this.settings.batchSize) this.startFlush();
  }

  /**
   * A flush in the background, unless one is running (it will start the next itself if a batch
   * is waiting by then) or a failure's back-off has not elapsed.
   */
  private startFlush(): void {
    if (!this.inFlight && !this.closed && Date.now() >= this.retryAt) void this.flush();
  }

  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight;
    if (this.queue.length === 0) return;
    this.inFlight = this.drain(this.queue.length).finally(() => {
      this.inFlight = null;
      if (this.queue.length >= this.settings.batchSize) this.startFlush();
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

  /**
   * Writes the first `count` queued entries (those queued when the flush began) in transactions of
   * at most ROWS_PER_STATEMENT, stopping at the first write that fails. Entries appended meanwhile
   * wait for the next flush: chasing them would, under a steady stream of requests, turn the
   * writer into one transaction per request or two, each paying the lock, the head and a commit.
   */
  private async drain(count: number): Promise<void> {
    let left = count;
    while (left > 0 && this.queue.length > 0) {
      const batch = this.queue.splice(0, Math.min(left, ROWS_PER_STATEMENT));
      left -= batch.length;
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

  /**
   * One transaction: the chain lock, the head, the batch chained to it, commit. The hashes are
   * computed here, under the lock, since an entry's id and previous hash are known only now; the
   * request that produced an entry paid only for queuing it.
   */
  private async write(batch: readonly AuditEntry[]): Promise<void> {
    if (!this.schemaReady) {
      await ensureAuditSchema(this.url);
      this.schemaReady = true;
    }
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      await client.query(CHAIN_LOCK);
      const last = (await client.query<{ id: string; hash: string }>(CHAIN_HEAD)).rows[0];
      let id = last ? Number(last.id) : 0;
      let prevHash = last?.hash ?? GENESIS_HASH;
      const rows = new Array<StoredRow>(batch.length);
      for (let i = 0; i < batch.length; i += 1) {
        const entry = batch[i] as AuditEntry;
        id += 1;
        const hash = entryHash(entry, id, prevHash);
        rows[i] = {
          id, at: entry.at, request_id: entry.requestId, subgraph: entry.subgraph, operation_name: entry.operationName,
          operation_type: entry.operationType, action: entry.action, operator_tax_code: entry.operatorTaxCode,
          operator_roles: entry.operatorRoles, ente_code: entry.enteCode, purpose: entry.purpose, subject_kind: entry.subject?.kind ?? null,
          subject_id: entry.subject?.id ?? null, fields: entry.fields, error_code: entry.errorCode, prev_hash: prevHash, hash,
        };
        prevHash = hash;
      }
      await client.query(INSERT_BATCH, [JSON.stringify(rows)]);
      await client.query('commit');
      this.writtenEntries += batch.length;
      this.writtenTransactions += 1;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/** An `audit.entry` row as the batch INSERT takes it (JSON: `at` as its ISO string, the arrays as JSON arrays). */
interface StoredRow {
  id: number;
  at: Date;
  request_id: string;
  subgraph: string;
  operation_name: string | null;
  operation_type: string;
  action: string;
  operator_tax_code: string | null;
  operator_roles: readonly string[];
  ente_code: string | null;
  purpose: string | null;
  subject_kind: string | null;
  subject_id: string | null;
  fields: readonly string[];
  error_code: string | null;
  prev_hash: string;
  hash: string;
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
