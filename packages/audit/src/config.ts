import type { HubConfig } from '@siuss/config/config';
import { type Env, readBool, readInt } from '@siuss/config/env';

/** How a process writes the audit log, and whether person reads must state a purpose. */
export interface AuditSettings {
  /** SIUSS_AUDIT_FLUSH_MS: the longest an entry waits in memory before it is written (default 200). */
  flushMs: number;
  /** SIUSS_AUDIT_BATCH_SIZE: entries that trigger a write without waiting for the timer (default 200). */
  batchSize: number;
  /**
   * SIUSS_AUDIT_MAX_BUFFERED: entries kept in memory while the database refuses them (default 50000).
   * Past it, audited operations are refused (SERVICE_UNAVAILABLE) rather than left unrecorded.
   */
  maxBuffered: number;
  /**
   * SIUSS_REQUIRE_PURPOSE: an authenticated read of a person's data without the `x-siuss-purpose`
   * header is refused (FORBIDDEN). Default true in production, false otherwise.
   */
  requirePurpose: boolean;
}

/** The audit settings, read once from `env` by each subgraph's config.ts. */
export function readAuditSettings(env: Env, hub: Pick<HubConfig, 'environment'>): AuditSettings {
  return {
    flushMs: readInt(env, 'SIUSS_AUDIT_FLUSH_MS', 200, 1, 60_000),
    batchSize: readInt(env, 'SIUSS_AUDIT_BATCH_SIZE', 200, 1, 10_000),
    maxBuffered: readInt(env, 'SIUSS_AUDIT_MAX_BUFFERED', 50_000, 100, 10_000_000),
    requirePurpose: readBool(env, 'SIUSS_REQUIRE_PURPOSE', hub.environment === 'production'),
  };
}
