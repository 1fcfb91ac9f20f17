import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type pg from 'pg';
import type { Submitter } from './access.ts';
import type { FlowChannel, FlowFormat } from './entities/Flow.ts';

const CHUNK_BYTES = 1024 * 1024;

/** The file was larger than the configured limit; nothing was stored. */
export class UploadTooLarge extends Error {
  readonly limitBytes: number;
  constructor(limitBytes: number) {
    super(`The file is larger than ${Math.round(limitBytes / 1024 / 1024)} MB, the most this hub accepts (SIUSS_FLOWS_MAX_UPLOAD_MB). Split it into several flows.`);
    this.limitBytes = limitBytes;
  }
}

export interface NewFlow {
  format: FlowFormat;
  channel: FlowChannel;
  /** The envelope given with a CSV upload (an XML file carries its own). */
  csvEnvelope?: Record<string, unknown> | null;
  waas?: { enteCode: string; flowId: string; type: string; timestamp: Date } | null;
  /** Who sent an upload; its ente is the only one the flow may carry records of (null ente: INPS). */
  submitter?: Submitter | null;
}

export interface StoredFlow {
  flowId: string;
  /** False when the same file (same content, same envelope) was already received: flowId is that flow. */
  created: boolean;
}

async function* gzipChunks(source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, limitBytes: number, hash: ReturnType<typeof createHash>, size: { bytes: number }): AsyncGenerator<Buffer> {
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const piece of source) {
      const buffer = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      size.bytes += buffer.length;
      if (size.bytes > limitBytes) throw new UploadTooLarge(limitBytes);
      hash.update(buffer);
      yield buffer;
    }
  }
  const gzip = createGzip({ level: 1 });
  // A failure of the source destroys gzip with the same error, which the loop below rethrows.
  const feeding = pipeline(Readable.from(counted()), gzip).catch(() => undefined);
  const pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of gzip as AsyncIterable<Buffer>) {
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes >= CHUNK_BYTES) {
      yield Buffer.concat(pending);
      pending.length = 0;
      pendingBytes = 0;
    }
  }
  await feeding;
  if (pendingBytes > 0) yield Buffer.concat(pending);
}

/**
 * Stores a received file and creates its flow (state RECEIVED) in one transaction: the bytes go
 * gzip-compressed into ordered chunks as they arrive, so a file of any size costs bounded memory
 * and is either stored whole or not at all. A file identical to one already received from the same
 * ente (same bytes, same CSV envelope), whose flow did not fail for a transient reason, is not
 * stored again: the earlier flow is returned with `created: false`.
 */
export async function storeFlowFile(pool: pg.Pool, source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, flow: NewFlow, limitBytes: number): Promise<StoredFlow> {
  const client = await pool.connect();
  const id = randomUUID();
  const hash = createHash('sha256');
  const size = { bytes: 0 };
  try {
    await client.query('begin');
    await client.query(
      `insert into flows.flow (id, format, channel, content_hash, size_bytes, envelope, ente_code, waas_flow_id, waas_type, waas_timestamp, submitted_by, submitter_ente, submitter_scopes)
       values ($1, $2, $3, '', 0, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [id, flow.format, flow.channel, flow.csvEnvelope ? JSON.stringify(flow.csvEnvelope) : null, flow.waas?.enteCode ?? null, flow.waas?.flowId ?? null,
        flow.waas?.type ?? null, flow.waas?.timestamp ?? null, flow.submitter?.operatorTaxCode ?? null, flow.submitter?.enteCode ?? null, flow.submitter ? JSON.stringify(flow.submitter.scopes) : null],
    );
    let seq = 0;
    for await (const chunk of gzipChunks(source, limitBytes, hash, size)) {
      await client.query('insert into flows.flow_chunk (flow_id, seq, data) values ($1, $2, $3)', [id, seq, chunk]);
      seq += 1;
    }
    if (flow.csvEnvelope) hash.update(JSON.stringify(flow.csvEnvelope));
    const contentHash = hash.digest('hex');
    // One submitter at a time per content, so two simultaneous uploads of one file make one flow.
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [`flow-content:${contentHash}`]);
    if (flow.channel === 'FILE_UPLOAD') {
      const { rows } = await client.query<{ id: string }>(
        `select id from flows.flow where content_hash = $1 and channel = 'FILE_UPLOAD' and submitter_ente is not distinct from $2
           and coalesce(failure_code, '') not in ('INTERRUPTED', 'INTERNAL') order by received_at limit 1`,
        [contentHash, flow.submitter?.enteCode ?? null],
      );
      if (rows[0]) {
        await client.query('rollback');
        return { flowId: rows[0].id, created: false };
      }
    }
    await client.query('update flows.flow set content_hash = $2, size_bytes = $3 where id = $1', [id, contentHash, size.bytes]);
    await client.query('commit');
    return { flowId: id, created: true };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function* compressedChunks(pool: pg.Pool, flowId: string): AsyncGenerator<Buffer> {
  let seq = 0;
  for (;;) {
    const { rows } = await pool.query<{ seq: number; data: Buffer }>(
      'select seq, data from flows.flow_chunk where flow_id = $1 and seq >= $2 order by seq limit 8',
      [flowId, seq],
    );
    for (const row of rows) {
      yield row.data;
      seq = row.seq + 1;
    }
    if (rows.length < 8) return;
  }
}

/** The stored file of a flow, decompressed, as a stream of buffers; reads a few chunks at a time. */
export function readFlowFile(pool: pg.Pool, flowId: string): AsyncIterable<Buffer> {
  const gunzip = createGunzip();
  // A failure reading the chunks destroys gunzip with that error: the reader's loop throws it.
  pipeline(Readable.from(compressedChunks(pool, flowId)), gunzip).catch(() => undefined);
  return gunzip as AsyncIterable<Buffer>;
}
