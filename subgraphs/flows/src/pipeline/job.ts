import type { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { pgArray } from '@siuss/db/arrays';
import type { Logger } from '@siuss/logging/logger';
import { plannerStatisticsKeeper } from '@siuss/subgraph-benefits/batch';
import { FlowFormatError, readFlow, scanFlow, type FlowEnvelope, type PsFlowRecord, type SinbaFlowRecord } from '@siuss/xsd/flow-reader';
import type { FlowChannel, FlowFormat, FlowKind, FlowState } from '../entities/Flow.ts';
import type { EsitoCode } from '../entities/FlowRecord.ts';
import { readFlowFile } from '../storage.ts';
import { recordLabel, type RecordOutcome } from './outcome.ts';
import { preparePsBatch, processPsBatch, writePreparedPsBatch, type BatchContext, type PreparedPsBatch } from './ps-batch.ts';

export interface IngestDeps {
  pool: pg.Pool;
  /** The assessments subgraph's ORM on the same database, for SINBA cases (opened on first use). */
  assessments(): Promise<MikroORM>;
  strictRules: ReadonlySet<string>;
  batchSize: number;
  maxAttempts: number;
  logger: Logger;
}

interface FlowRow {
  id: string;
  name: string | null;
  ente_code: string | null;
  kind: FlowKind | null;
  format: FlowFormat;
  channel: FlowChannel;
  state: FlowState;
  content_hash: string;
  envelope: FlowEnvelope | null;
  total_records: number | null;
  processed_records: number;
  attempts: number;
  received_at: Date;
  submitter_ente: string | null;
  submitter_scopes: string[] | null;
}

async function loadFlow(pool: pg.Pool, flowId: string): Promise<FlowRow | undefined> {
  const { rows } = await pool.query<FlowRow>('select * from flows.flow where id = $1', [flowId]);
  return rows[0];
}

async function fail(pool: pg.Pool, flowId: string, code: string, message: string): Promise<void> {
  await pool.query(
    `update flows.flow set state = 'FAILED', failure_code = $2, failure_message = $3, finished_at = now(), updated_at = now() where id = $1`,
    [flowId, code, message],
  );
}

/**
 * Runs one flow to its end, or as far as it gets: the first pass (VALIDATING) reads the whole file
 * for well-formedness, namespace, envelope and record count, refusing the flow as a whole on any
 * structural fault; the second (STORING) validates and stores the records batch by batch, each
 * batch committed with its outcomes and the progress counter in one transaction. So a job that is
 * interrupted (the process killed, the machine restarted) and run again resumes after the last
 * committed batch, and re-running a committed batch is impossible. A session advisory lock keeps
 * one worker per flow across processes and machines; a flow interrupted more than `maxAttempts`
 * times is marked FAILED with what it had done. Returns the flow's state when the job ends.
 */
export async function runFlowJob(deps: IngestDeps, flowId: string): Promise<FlowState | 'BUSY' | 'MISSING'> {
  const { pool, logger } = deps;
  const lock = await pool.connect();
  try {
    const { rows } = await lock.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtext($1)) as locked', [`flow:${flowId}`]);
    if (!rows[0]?.locked) return 'BUSY';
    try {
      const flow = await loadFlow(pool, flowId);
      if (!flow) return 'MISSING';
      if (flow.state === 'DONE' || flow.state === 'FAILED') return flow.state;
      const attempts = flow.attempts + 1;
      await pool.query('update flows.flow set attempts = $2, started_at = coalesce(started_at, now()), updated_at = now() where id = $1', [flowId, attempts]);
      if (attempts > deps.maxAttempts) {
        await fail(pool, flowId, 'INTERRUPTED', `Processing was interrupted ${deps.maxAttempts} times; ${flow.processed_records} of ${flow.total_records ?? '?'} records have their outcome and stay stored. Send the flow again with a new name to process the rest.`);
        return 'FAILED';
      }
      try {
        const scanned = flow.total_records === null ? await scan(deps, flow) : flow;
        if (!scanned) return 'FAILED';
        await store(deps, scanned);
        return 'DONE';
      } catch (error) {
        if (error instanceof FlowFormatError) {
          await fail(pool, flowId, error.code, error.message);
          return 'FAILED';
        }
        logger.error({ flowId, errorName: (error as Error).name, attempt: attempts }, 'flow job interrupted; it will be retried');
        throw error;
      }
    } finally {
      await lock.query('select pg_advisory_unlock(hashtext($1))', [`flow:${flowId}`]).catch(() => undefined);
    }
  } finally {
    lock.release();
  }
}

/** First pass. Returns the flow ready to store, or undefined when it was refused (and marked FAILED). */
async function scan(deps: IngestDeps, flow: FlowRow): Promise<FlowRow | undefined> {
  const { pool } = deps;
  await pool.query(`update flows.flow set state = 'VALIDATING', updated_at = now() where id = $1`, [flow.id]);
  const csvEnvelope = flow.format === 'CSV' ? (flow.envelope ?? undefined) : undefined;
  const result = await scanFlow(readFlowFile(pool, flow.id), { format: flow.format, ...(csvEnvelope ? { csvEnvelope } : {}) });
  const enteCode = flow.ente_code ?? result.envelope.ente.Codice;
  if (flow.channel === 'WAAS' && result.records !== 1) {
    await fail(pool, flow.id, 'WAAS_ONE_RECORD', `In cooperazione applicativa a flow carries exactly one beneficiary and one benefit (api-comuni v2.0.1); this one has ${result.records} records. Send them as separate flows, or upload the file.`);
    return undefined;
  }
  if (flow.submitter_ente !== null && result.envelope.ente.Codice !== flow.submitter_ente) {
    await fail(pool, flow.id, 'ENTE_MISMATCH', `The flow is sent by ente ${result.envelope.ente.Codice} (Ente@Codice), but the operator who uploaded it acts for ente ${flow.submitter_ente}: an ente sends only its own records.`);
    return undefined;
  }
  if (result.kind === 'SINBA' && flow.submitter_scopes !== null && !flow.submitter_scopes.includes('sinba:write')) {
    await fail(pool, flow.id, 'SCOPE_MISSING', 'A SINBA flow needs scope sinba:write besides flows:write; the token it was sent with has neither the SINBA right. Send it with the token of an operator who records SINBA cases.');
    return undefined;
  }
  if (flow.channel === 'FILE_UPLOAD') {
    const { rows } = await pool.query<{ id: string; received_at: Date }>(
      `select id, received_at from flows.flow where ente_code = $1 and name = $2 and id <> $3 and channel = 'FILE_UPLOAD'
         and coalesce(failure_code, '') not in ('INTERRUPTED', 'INTERNAL') limit 1`,
      [enteCode, result.envelope.name, flow.id],
    );
    if (rows[0]) {
      await fail(pool, flow.id, 'NAME_REUSED', `A different flow named ${result.envelope.name} was already received from ente ${enteCode} on ${rows[0].received_at.toISOString().slice(0, 10)} (flow ${rows[0].id}). Give this flow a new Nome (a new daily progressive), or send the same file to get that flow's outcomes.`);
      return undefined;
    }
  }
  await pool.query(
    `update flows.flow set state = 'STORING', name = $2, ente_code = $3, kind = $4, envelope = $5, total_records = $6, updated_at = now() where id = $1`,
    [flow.id, result.envelope.name, enteCode, result.kind, JSON.stringify(result.envelope), result.records],
  );
  return { ...flow, name: result.envelope.name, ente_code: enteCode, kind: result.kind, envelope: result.envelope, total_records: result.records, state: 'STORING' };
}

async function store(deps: IngestDeps, flow: FlowRow): Promise<void> {
  const { pool } = deps;
  const envelope = flow.envelope as FlowEnvelope;
  const context: BatchContext = { strictRules: deps.strictRules, channel: flow.channel, flowName: flow.name };
  const csvEnvelope = flow.format === 'CSV' ? envelope : undefined;
  const batches = readFlow(readFlowFile(pool, flow.id), {
    format: flow.format,
    kind: flow.kind ?? 'PS',
    batchSize: deps.batchSize,
    skip: flow.processed_records,
    ...(csvEnvelope ? { csvEnvelope } : {}),
  });
  if (flow.kind === 'SINBA') {
    // Loaded only for SINBA flows: it brings the assessments subgraph's ORM into this heap.
    const { processSinbaBatch, reportingYearOf } = await import('./sinba-batch.ts');
    const reportingYear = reportingYearOf(flow.name, flow.received_at);
    for await (const batch of prefetched(batches)) {
      if (batch.length === 0) continue;
      const outcomes = await processSinbaBatch(await deps.assessments(), envelope, batch as SinbaFlowRecord[], { ...context, reportingYear });
      await inTransaction(pool, (client) => commitOutcomes(client, flow.id, outcomes));
    }
  } else {
    const keepStatistics = await plannerStatisticsKeeper(pool);
    // Read ahead and validated ahead: the next batch is parsed, XSD-checked and validated while this one is written.
    for await (const prepared of prefetched(preparedPsBatches(batches as AsyncIterable<PsFlowRecord[]>, envelope, context))) {
      await storePsBatch(deps, flow.id, envelope, prepared, context);
      await keepStatistics(prepared.records.length);
    }
  }
  await pool.query(`update flows.flow set state = 'DONE', finished_at = now(), updated_at = now() where id = $1`, [flow.id]);
}

/**
 * Asks for the next batch as soon as the current one is handed out, so the reader parses and
 * XSD-validates it (CPU, this process) while the current batch is being written (PostgreSQL, its
 * own process): on two cores the file is read in the time the database takes to store it.
 */
async function* prefetched<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const result = await next;
      if (result.done) return;
      next = iterator.next();
      // A failure of the read-ahead surfaces when its turn comes, not as an unhandled rejection.
      next.catch(() => undefined);
      yield result.value;
    }
  } finally {
    await iterator.return?.();
  }
}

async function* preparedPsBatches(batches: AsyncIterable<PsFlowRecord[]>, envelope: FlowEnvelope, context: BatchContext): AsyncGenerator<PreparedPsBatch> {
  for await (const batch of batches) if (batch.length > 0) yield await preparePsBatch(envelope, batch, context);
}

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * One PS batch: records, their outcomes and the progress in one transaction. Should the batch fail
 * as a whole (a database error no validation foresaw), each record is tried alone, so one bad
 * record costs only itself: it gets ERRORE_GENERICO and the others are stored.
 */
async function storePsBatch(deps: IngestDeps, flowId: string, envelope: FlowEnvelope, prepared: PreparedPsBatch, context: BatchContext): Promise<void> {
  try {
    await inTransaction(deps.pool, async (client) => commitOutcomes(client, flowId, await writePreparedPsBatch(client, prepared, context)));
    return;
  } catch (error) {
    deps.logger.warn({ flowId, errorName: (error as Error).name, records: prepared.records.length }, 'batch failed as a whole; storing its records one by one');
  }
  for (const record of prepared.records) {
    try {
      await inTransaction(deps.pool, async (client) => commitOutcomes(client, flowId, await processPsBatch(client, envelope, [record], context)));
    } catch (error) {
      deps.logger.error({ flowId, recordIndex: record.index, errorName: (error as Error).name }, 'record could not be stored');
      const outcome: RecordOutcome = {
        index: record.index, line: record.line, operation: record.prestazione['TipoOperazione'] === 'C' ? 'C' : 'I', esito: 'ERRORE_GENERICO',
        acquisitionId: null, sinaAssessmentId: null, violations: [],
        description: `${recordLabel(record.index, record.line)} could not be stored because of an internal error; nothing of it was written. Send it again later.`,
      };
      await inTransaction(deps.pool, (client) => commitOutcomes(client, flowId, [outcome]));
    }
  }
}

/** Writes the outcomes of consecutive records and moves the flow's counters past them, in the caller's transaction. */
export async function commitOutcomes(client: pg.PoolClient, flowId: string, outcomes: readonly RecordOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await client.query(
    `insert into flows.flow_record (flow_id, record_index, line, operation, esito, acquisition_id, sina_assessment_id, description, violations)
     select $1, * from unnest($2::int[], $3::int[], $4::text[], $5::text[], $6::uuid[], $7::uuid[], $8::text[], $9::jsonb[])`,
    [
      flowId,
      pgArray(outcomes.map((o) => o.index)),
      pgArray(outcomes.map((o) => o.line)),
      pgArray(outcomes.map((o) => o.operation)),
      pgArray(outcomes.map((o) => o.esito)),
      pgArray(outcomes.map((o) => o.acquisitionId)),
      pgArray(outcomes.map((o) => o.sinaAssessmentId)),
      pgArray(outcomes.map((o) => o.description)),
      pgArray(outcomes.map((o) => JSON.stringify(o.violations))),
    ],
  );
  const count = (esito: EsitoCode): number => outcomes.filter((o) => o.esito === esito).length;
  await client.query(
    `update flows.flow set processed_records = processed_records + $2, ok_count = ok_count + $3, invalid_count = invalid_count + $4,
       not_found_count = not_found_count + $5, error_count = error_count + $6, warning_count = warning_count + $7, updated_at = now()
     where id = $1`,
    [flowId, outcomes.length, count('OK'), count('RICHIESTA_INVALIDA'), count('DATI_NON_TROVATI'), count('ERRORE_GENERICO'),
      outcomes.filter((o) => o.esito === 'OK' && o.violations.length > 0).length],
  );
}
