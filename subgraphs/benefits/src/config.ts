import { readAuditSettings, type AuditSettings } from '@siuss/audit/config';
import { loadHubConfig, type HubConfig } from '@siuss/config/config';
import type { Env } from '@siuss/config/env';
import { readSubgraphSettings, type SubgraphSettings } from '@siuss/config/subgraph';

/** SIUSS_STRICT_RULES can make blocking the rules that only warn by default: R5, R6-quota, R7. */
export interface BenefitsConfig extends SubgraphSettings {
  hub: HubConfig;
  port: number;
  /** PostgreSQL schema owned by this subgraph. */
  schema: string;
  /** SIUSS_AUDIT_* and SIUSS_REQUIRE_PURPOSE. */
  audit: AuditSettings;
}

/** The benefits subgraph's settings, read once from `env`. */
export function loadConfig(env: Env = process.env): BenefitsConfig {
  const hub = loadHubConfig(env);
  return {
    hub,
    port: hub.subgraphs.benefits.port,
    schema: 'benefits',
    ...readSubgraphSettings(env, hub),
    audit: readAuditSettings(env, hub),
  };
}
