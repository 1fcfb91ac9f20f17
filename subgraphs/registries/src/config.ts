import { readAuditSettings, type AuditSettings } from '@siuss/audit/config';
import { loadSignatureSettings, type SignatureSettings } from '@siuss/auth/config';
import { loadHubConfig, type HubConfig, type RegistryName } from '@siuss/config/config';
import { type Env, readInt } from '@siuss/config/env';

/** How the adapter calls one registry: where, how long it waits, when it gives up, how long it remembers. */
export interface RegistrySettings {
  /** Base URL of the registry's REST API, e.g. http://127.0.0.1:4101. */
  url: string;
  /** Longest wait for one HTTP attempt. */
  timeoutMs: number;
  /** Longest time one batch of lookups may take, retries and backoff included: the bound on a field's latency. */
  budgetMs: number;
  /** Retries after the first attempt, only for 5xx answers and network errors (lookups are idempotent reads). */
  retries: number;
  /** Typical first backoff delay; it roughly doubles at each retry (cockatiel's decorrelated jitter), capped at 8 times this. */
  retryBaseMs: number;
  /** Consecutive failed attempts that open the circuit. */
  breakerFailures: number;
  /** How long the circuit stays open before one probe call is let through. */
  breakerOpenMs: number;
  /** Longest time a found value is cached (ISEE: also never past the attestation's validity). */
  cacheTtlMs: number;
  /** How long a "nothing found" answer is cached. */
  cacheMissTtlMs: number;
  cacheMaxEntries: number;
}

export interface RegistriesConfig {
  hub: HubConfig;
  port: number;
  isee: RegistrySettings;
  nsis: RegistrySettings;
  /** The gateway's signing secret (SIUSS_HMAC_SECRET): checked on every request, used to sign calls to the benefits subgraph. */
  signature: SignatureSettings;
  benefits: {
    /** The benefits subgraph, read by `iseeIssues` for an ente's means-tested benefits. */
    url: string;
    timeoutMs: number;
    /** Most benefits one `iseeIssues` call checks; beyond it the caller must narrow the period. */
    maxBenefits: number;
  };
  /** SIUSS_AUDIT_* and SIUSS_REQUIRE_PURPOSE: the audit log is written to the hub database. */
  audit: AuditSettings;
}

/** The registries this subgraph calls (the WaaS mock is the flows subgraph's). */
type CalledRegistry = Extract<RegistryName, 'isee' | 'nsis'>;

const DEFAULTS: Record<CalledRegistry, { timeoutMs: number; cacheTtlMs: number; cacheMissTtlMs: number }> = {
  // An attestation does not change within its validity; the cap bounds staleness after a rettifica.
  isee: { timeoutMs: 1500, cacheTtlMs: 24 * 3600_000, cacheMissTtlMs: 60_000 },
  nsis: { timeoutMs: 1500, cacheTtlMs: 5 * 60_000, cacheMissTtlMs: 60_000 },
};

function registrySettings(env: Env, hub: HubConfig, name: CalledRegistry): RegistrySettings {
  const prefix = `SIUSS_${name.toUpperCase()}`;
  const defaults = DEFAULTS[name];
  const timeoutMs = readInt(env, `${prefix}_TIMEOUT_MS`, defaults.timeoutMs, 50, 60_000);
  return {
    url: hub.registries[name].url.replace(/\/+$/, ''),
    timeoutMs,
    budgetMs: readInt(env, `${prefix}_BUDGET_MS`, Math.max(2500, timeoutMs), timeoutMs, 120_000),
    retries: readInt(env, `${prefix}_RETRIES`, 2, 0, 10),
    retryBaseMs: readInt(env, `${prefix}_RETRY_BASE_MS`, 100, 1, 10_000),
    breakerFailures: readInt(env, `${prefix}_BREAKER_FAILURES`, 5, 1, 1000),
    breakerOpenMs: readInt(env, `${prefix}_BREAKER_OPEN_MS`, 10_000, 10, 3600_000),
    cacheTtlMs: readInt(env, `${prefix}_CACHE_TTL_MS`, defaults.cacheTtlMs, 0, 7 * 24 * 3600_000),
    cacheMissTtlMs: readInt(env, `${prefix}_CACHE_MISS_TTL_MS`, defaults.cacheMissTtlMs, 0, 24 * 3600_000),
    cacheMaxEntries: readInt(env, `${prefix}_CACHE_MAX_ENTRIES`, 10_000, 0, 1_000_000),
  };
}

/** The registries subgraph's settings, read once from `env`. */
export function loadConfig(env: Env = process.env): RegistriesConfig {
  const hub = loadHubConfig(env);
  return {
    hub,
    port: hub.subgraphs.registries.port,
    isee: registrySettings(env, hub, 'isee'),
    nsis: registrySettings(env, hub, 'nsis'),
    signature: loadSignatureSettings(env, hub),
    benefits: {
      url: hub.subgraphs.benefits.url,
      timeoutMs: readInt(env, 'SIUSS_REGISTRIES_BENEFITS_TIMEOUT_MS', 10_000, 100, 120_000),
      maxBenefits: readInt(env, 'SIUSS_ISEE_ISSUES_MAX_BENEFITS', 5000, 1, 100_000),
    },
    audit: readAuditSettings(env, hub),
  };
}
