import { readAuditSettings, type AuditSettings } from '@siuss/audit/config';
import { loadJwtSettings, type JwtSettings } from '@siuss/auth/config';
import { loadHubConfig, type HubConfig } from '@siuss/config/config';
import { type Env, readBool, readInt, readList } from '@siuss/config/env';
import { readSubgraphSettings, type SubgraphSettings } from '@siuss/config/subgraph';

export interface FlowsSettings {
  /** Records validated and stored per transaction. */
  batchSize: number;
  /** Largest file accepted, in bytes. */
  maxUploadBytes: number;
  /** Flows one process ingests at the same time (pg-boss local concurrency). */
  workers: number;
  /** A job whose worker sent no heartbeat for this long is taken over by another worker (pg-boss). */
  heartbeatSeconds: number;
  /** Attempts of one flow job before the flow is marked FAILED (interrupted each time). */
  maxAttempts: number;
  /** Where flow jobs run: each on a worker thread of its own, with a capped heap (the default), or inline. */
  threads: {
    enabled: boolean;
    /** V8 old-generation limit of an ingest thread, MB: what bounds the memory of a large flow. */
    heapMb: number;
    /** V8 young-generation limit of an ingest thread, MB. */
    youngMb: number;
    /** An ingest thread with no work for this long ends, giving its memory back. */
    idleSeconds: number;
  };
  waas: {
    /** Seconds between two polls of every registered ente; 0 = only on demand (pollWaas). */
    pollSeconds: number;
    /** `limit` of GET /flussi (0..100 by the spec). */
    pageSize: number;
    timeoutMs: number;
    /** Entes registered at start-up, `CODE=baseUrl` (e.g. H501=http://127.0.0.1:4103/waas/v1). */
    entes: Array<{ enteCode: string; baseUrl: string }>;
    /** The PDND voucher sent as `Authorization: Bearer`; a development placeholder by default. */
    voucher: string;
  };
}

export interface FlowsConfig extends SubgraphSettings {
  hub: HubConfig;
  port: number;
  schema: string;
  flows: FlowsSettings;
  /** How the upload endpoint, called without the gateway, verifies bearer tokens (the gateway's settings). */
  jwt: JwtSettings;
  /** SIUSS_AUDIT_* and SIUSS_REQUIRE_PURPOSE. */
  audit: AuditSettings;
}

function parseEntes(entries: string[]): Array<{ enteCode: string; baseUrl: string }> {
  return entries.map((entry) => {
    const at = entry.indexOf('=');
    const enteCode = entry.slice(0, at).trim().toUpperCase();
    const baseUrl = entry.slice(at + 1).trim();
    if (at < 1 || !/^[A-Z][0-9]{3}$/.test(enteCode) || !/^https?:\/\//.test(baseUrl)) {
      throw new Error(`SIUSS_WAAS_ENTES: "${entry}" is not CODE=URL with a Belfiore code (e.g. H501=https://comune.example/waas/v1).`);
    }
    return { enteCode, baseUrl };
  });
}

/** The flows subgraph's settings, read once from `env`. */
export function loadConfig(env: Env = process.env): FlowsConfig {
  const hub = loadHubConfig(env);
  return {
    hub,
    port: hub.subgraphs.flows.port,
    schema: 'flows',
    ...readSubgraphSettings(env, hub),
    jwt: loadJwtSettings(env, hub),
    audit: readAuditSettings(env, hub),
    flows: {
      batchSize: readInt(env, 'SIUSS_FLOWS_BATCH_SIZE', 1000, 1, 10_000),
      maxUploadBytes: readInt(env, 'SIUSS_FLOWS_MAX_UPLOAD_MB', 2048, 1, 65_536) * 1024 * 1024,
      workers: readInt(env, 'SIUSS_FLOWS_WORKERS', 1, 1, 64),
      heartbeatSeconds: readInt(env, 'SIUSS_FLOWS_HEARTBEAT_SECONDS', 30, 10, 3600),
      maxAttempts: readInt(env, 'SIUSS_FLOWS_MAX_ATTEMPTS', 3, 1, 100),
      threads: {
        enabled: readBool(env, 'SIUSS_FLOWS_THREADS', true),
        heapMb: readInt(env, 'SIUSS_FLOWS_THREAD_HEAP_MB', 160, 64, 65_536),
        youngMb: readInt(env, 'SIUSS_FLOWS_THREAD_YOUNG_MB', 24, 4, 1024),
        idleSeconds: readInt(env, 'SIUSS_FLOWS_THREAD_IDLE_SECONDS', 60, 1, 86_400),
      },
      waas: {
        pollSeconds: readInt(env, 'SIUSS_WAAS_POLL_SECONDS', 60, 0, 86_400),
        pageSize: readInt(env, 'SIUSS_WAAS_PAGE_SIZE', 10, 1, 100),
        timeoutMs: readInt(env, 'SIUSS_WAAS_TIMEOUT_MS', 10_000, 100, 300_000),
        entes: parseEntes(readList(env, 'SIUSS_WAAS_ENTES', [])),
        voucher: env['SIUSS_WAAS_VOUCHER'] ?? 'development-voucher',
      },
    },
  };
}
