import type pg from 'pg';
import type { Logger } from '@siuss/logging/logger';
import type { FlowsSettings } from '../config.ts';
import type { EsitoCode } from '../entities/FlowRecord.ts';
import { failureEsito } from '../pipeline/outcome.ts';
import { storeFlowFile } from '../storage.ts';

/** A Flusso of GET /flussi (api-comuni v2.0.1). */
interface WaasFlusso {
  codice_ente: string;
  denominazione_ente?: string;
  id_flusso: string;
  tipo: 'PS_PSA_SINA' | 'SINBA';
  ts_flusso: string;
  flusso: string;
}

/** An EsitoFlusso of POST /esiti. */
export interface WaasEsito {
  id_flusso: string;
  tipo: string;
  ts_flusso: string;
  ts_acquisizione: string;
  codice_esito: EsitoCode;
  descrizione_esito?: string;
  id_acquisizione_siuss?: string;
}

export interface PollerDeps {
  pool: pg.Pool;
  settings: FlowsSettings['waas'];
  logger: Logger;
  /** Runs the pipeline on an acquired flow (the same job as an upload's), to its end. */
  ingest(flowId: string): Promise<unknown>;
  /** Sees every newly acquired flow before it is ingested (the audit log records it). */
  onAcquired?(enteCode: string, flowId: string): Promise<void>;
}

export interface PollResult {
  enteCode: string;
  acquired: number;
  esitiDelivered: number;
  error: string | null;
}

const MAX_PAGES_PER_POLL = 50;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

class WaasCallError extends Error {}

async function call(deps: PollerDeps, url: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      headers: { accept: 'application/json', authorization: `Bearer ${deps.settings.voucher}`, ...(init.headers as Record<string, string> | undefined) },
      signal: AbortSignal.timeout(deps.settings.timeoutMs),
    });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new WaasCallError(timedOut ? `no answer within ${deps.settings.timeoutMs} ms` : `unreachable (${(error as Error).message})`);
  }
  if (!response.ok) {
    const detail = await response.text().then((text) => text.slice(0, 300)).catch(() => '');
    throw new WaasCallError(`HTTP ${response.status}${detail ? `: ${detail}` : ''}`);
  }
  return response;
}

function parseFlussi(body: unknown): WaasFlusso[] {
  const list = (body as { elenco_flussi?: unknown } | null)?.elenco_flussi;
  if (!Array.isArray(list)) throw new WaasCallError('the answer to GET /flussi has no elenco_flussi list');
  return list.map((entry, i) => {
    const f = entry as Partial<WaasFlusso>;
    if (typeof f.id_flusso !== 'string' || typeof f.ts_flusso !== 'string' || Number.isNaN(Date.parse(f.ts_flusso))
      || typeof f.flusso !== 'string' || (f.tipo !== 'PS_PSA_SINA' && f.tipo !== 'SINBA') || typeof f.codice_ente !== 'string') {
      throw new WaasCallError(`elenco_flussi[${i}] lacks id_flusso, tipo, ts_flusso, codice_ente or flusso as the OpenAPI requires`);
    }
    return f as WaasFlusso;
  });
}

/**
 * Acquires an ente's new flows through its WaaS API, the INPS side of api-comuni v2.0.1:
 * `GET /flussi?since=<watermark>&limit=<page>` page after page, each flow stored (its base64
 * decoded) together with the new watermark in one transaction, so a flow is acquired exactly once
 * and none is skipped; each is then run through the same pipeline as an upload. Then the outcomes
 * not yet delivered are sent with `POST /esiti` (at most 100 at a time); a refused delivery is
 * retried at the next poll. A session advisory lock keeps one poller per ente across processes.
 */
export async function pollEnte(deps: PollerDeps, enteCode: string): Promise<PollResult> {
  const { pool } = deps;
  const lock = await pool.connect();
  const result: PollResult = { enteCode, acquired: 0, esitiDelivered: 0, error: null };
  try {
    const { rows } = await lock.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtext($1)) as locked', [`waas:${enteCode}`]);
    if (!rows[0]?.locked) return { ...result, error: 'another poll of this ente is running' };
    try {
      const ente = (await pool.query<{ base_url: string; watermark: string }>('select base_url, watermark from flows.waas_ente where ente_code = $1', [enteCode])).rows[0];
      if (!ente) return { ...result, error: 'not registered' };
      const base = ente.base_url.replace(/\/+$/, '');
      try {
        let since = Number(ente.watermark);
        for (let page = 0; page < MAX_PAGES_PER_POLL; page += 1) {
          const response = await call(deps, `${base}/flussi?since=${since}&limit=${deps.settings.pageSize}`);
          const flussi = parseFlussi(await response.json().catch(() => null));
          for (const flusso of flussi) {
            const acquired = await acquire(deps, enteCode, flusso);
            since = Math.max(since, Date.parse(flusso.ts_flusso));
            if (acquired) {
              result.acquired += 1;
              await deps.onAcquired?.(enteCode, acquired);
              await deps.ingest(acquired).catch((error: unknown) => deps.logger.error({ enteCode, errorName: (error as Error).name }, 'WaaS flow left for the queue to retry'));
            }
          }
          if (flussi.length < deps.settings.pageSize) break;
        }
        result.esitiDelivered = await deliverEsiti(deps, enteCode, base);
        await pool.query('update flows.waas_ente set last_poll_at = now(), last_error = null, failures = 0 where ente_code = $1', [enteCode]);
      } catch (error) {
        if (!(error instanceof WaasCallError)) throw error;
        result.error = error.message;
        await pool.query('update flows.waas_ente set last_poll_at = now(), last_error = $2, failures = failures + 1 where ente_code = $1', [enteCode, error.message]);
        deps.logger.warn({ enteCode, failure: error.message }, 'WaaS poll failed; it is retried at the next poll');
      }
      return result;
    } finally {
      await lock.query('select pg_advisory_unlock(hashtext($1))', [`waas:${enteCode}`]).catch(() => undefined);
    }
  } finally {
    lock.release();
  }
}

/** Stores one listed flow and moves the watermark past it; returns the new flow's id, or null when it was already acquired. */
async function acquire(deps: PollerDeps, enteCode: string, flusso: WaasFlusso): Promise<string | null> {
  const { pool } = deps;
  const ts = Date.parse(flusso.ts_flusso);
  const known = await pool.query('select 1 from flows.flow where ente_code = $1 and waas_flow_id = $2', [enteCode, flusso.id_flusso]);
  if ((known.rowCount ?? 0) > 0) {
    await pool.query('update flows.waas_ente set watermark = greatest(watermark, $2) where ente_code = $1', [enteCode, ts]);
    return null;
  }
  const compact = flusso.flusso.replace(/\s+/g, '');
  const content = BASE64.test(compact) ? Buffer.from(compact, 'base64') : Buffer.alloc(0);
  // An undecodable flusso is stored empty: the pipeline refuses it (EMPTY) and its esito says so.
  const stored = await storeFlowFile(pool, [content], {
    format: 'XML',
    channel: 'WAAS',
    waas: { enteCode, flowId: flusso.id_flusso, type: flusso.tipo, timestamp: new Date(ts) },
  }, 10 * 1024 * 1024 * 2);
  await pool.query('update flows.waas_ente set watermark = greatest(watermark, $2) where ente_code = $1', [enteCode, ts]);
  return stored.flowId;
}

interface Answerable {
  id: string;
  waas_flow_id: string;
  waas_type: string;
  waas_timestamp: Date;
  state: string;
  failure_code: string | null;
  failure_message: string | null;
  finished_at: Date | null;
  esito: EsitoCode | null;
  description: string | null;
  acquisition_id: string | null;
}

/** The EsitoFlusso of a finished WaaS flow: its one record's outcome, or the whole flow's refusal. */
export function esitoOf(flow: Answerable): WaasEsito {
  const failed = flow.state === 'FAILED';
  const codice = failed ? failureEsito(flow.failure_code ?? 'INTERNAL') : (flow.esito ?? 'ERRORE_GENERICO');
  const descrizione = failed ? flow.failure_message ?? 'The flow could not be processed.' : flow.description ?? 'No record found in the flow.';
  return {
    id_flusso: flow.waas_flow_id,
    tipo: flow.waas_type,
    ts_flusso: flow.waas_timestamp.toISOString(),
    ts_acquisizione: (flow.finished_at ?? new Date()).toISOString(),
    codice_esito: codice,
    descrizione_esito: descrizione.slice(0, 2000),
    ...(codice === 'OK' && flow.acquisition_id ? { id_acquisizione_siuss: flow.acquisition_id } : {}),
  };
}

async function deliverEsiti(deps: PollerDeps, enteCode: string, base: string): Promise<number> {
  const { pool } = deps;
  let delivered = 0;
  for (;;) {
    const { rows } = await pool.query<Answerable>(
      `select f.id, f.waas_flow_id, f.waas_type, f.waas_timestamp, f.state, f.failure_code, f.failure_message, f.finished_at,
              r.esito, r.description, r.acquisition_id
         from flows.flow f left join flows.flow_record r on r.flow_id = f.id and r.record_index = 0
        where f.channel = 'WAAS' and f.ente_code = $1 and f.state in ('DONE', 'FAILED') and f.waas_esiti_delivered_at is null
        order by f.waas_timestamp limit 100`,
      [enteCode],
    );
    if (rows.length === 0) return delivered;
    try {
      await call(deps, `${base}/esiti`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ elenco_esiti: rows.map(esitoOf) }) });
    } catch (error) {
      await pool.query('update flows.flow set waas_esiti_attempts = waas_esiti_attempts + 1 where id = any($1::uuid[])', [rows.map((r) => r.id)]);
      throw error;
    }
    await pool.query('update flows.flow set waas_esiti_delivered_at = now(), waas_esiti_attempts = waas_esiti_attempts + 1 where id = any($1::uuid[])', [rows.map((r) => r.id)]);
    delivered += rows.length;
  }
}

/** Polls every enabled ente every `pollSeconds` (never two polls of one ente at once); `stop()` ends it. */
export function startPolling(deps: PollerDeps): { stop(): void } {
  if (deps.settings.pollSeconds === 0) return { stop: () => undefined };
  let running = false;
  const tick = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      const { rows } = await deps.pool.query<{ ente_code: string }>('select ente_code from flows.waas_ente where enabled order by ente_code');
      for (const row of rows) await pollEnte(deps, row.ente_code);
    } catch (error) {
      deps.logger.error({ errorName: (error as Error).name }, 'WaaS polling round failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), deps.settings.pollSeconds * 1000);
  timer.unref();
  void tick();
  return { stop: () => clearInterval(timer) };
}
