import { readAuditSettings, type AuditSettings } from '@siuss/audit/config';
import { loadHubConfig, type HubConfig } from '@siuss/config/config';
import type { Env } from '@siuss/config/env';
import { readSubgraphSettings, type SubgraphSettings } from '@siuss/config/subgraph';

/** SIUSS_STRICT_RULES can make blocking the rules that only warn by default: SINA-1..3, SINBA-R4, R5, R7, R8. */
export interface AssessmentsConfig extends SubgraphSettings {
  hub: HubConfig;
  port: number;
  /** PostgreSQL schema owned by this subgraph. */
  schema: string;
  /** SIUSS_AUDIT_* and SIUSS_REQUIRE_PURPOSE. */
  audit: AuditSettings;
}

/** The assessments subgraph's settings, read once from `env`. */
export function loadConfig(env: Env = process.env): AssessmentsConfig {
  const hub = loadHubConfig(env);
  return {
    hub,
    port: hub.subgraphs.assessments.port,
    schema: 'assessments',
    ...readSubgraphSettings(env, hub),
    audit: readAuditSettings(env, hub),
  };
}
