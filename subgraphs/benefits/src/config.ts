import { loadHubConfig, type HubConfig } from '@siuss/config/config';
import { type Env, readBool, readInt, readList } from '@siuss/config/env';

export interface BenefitsConfig {
  hub: HubConfig;
  port: number;
  /** PostgreSQL schema owned by this subgraph. */
  schema: string;
  /** Rules that are warnings by default (R5, R6-quota, R7) and are made blocking here; ALL for every one. */
  strictRules: ReadonlySet<string>;
  /** Apply pending migrations when the service starts. */
  migrateOnStart: boolean;
  /** Load the demo data when the subgraph's tables are empty. */
  seedDemo: boolean;
  /** Largest `first` accepted by connections. */
  maxPageSize: number;
}

/** The benefits subgraph's settings, read once from `env`. */
export function loadConfig(env: Env = process.env): BenefitsConfig {
  const hub = loadHubConfig(env);
  return {
    hub,
    port: hub.subgraphs.benefits.port,
    schema: 'benefits',
    strictRules: new Set(readList(env, 'SIUSS_STRICT_RULES', []).map((rule) => rule.toUpperCase() === 'ALL' ? 'ALL' : rule)),
    migrateOnStart: readBool(env, 'SIUSS_MIGRATE_ON_START', true),
    seedDemo: readBool(env, 'SIUSS_SEED_DEMO', hub.environment === 'development'),
    maxPageSize: readInt(env, 'SIUSS_MAX_PAGE_SIZE', 100, 1, 1000),
  };
}
