import { loadHubConfig, type HubConfig } from '@siuss/config/config';
import { type Env, readBool, readInt, readList } from '@siuss/config/env';

export interface AssessmentsConfig {
  hub: HubConfig;
  port: number;
  /** PostgreSQL schema owned by this subgraph. */
  schema: string;
  /** Rules that only warn by default (SINA-1..3, SINBA-R4, R5, R7, R8) made blocking here; ALL for every one. */
  strictRules: ReadonlySet<string>;
  /** Apply pending migrations when the service starts. */
  migrateOnStart: boolean;
  /** Load the demo data when the subgraph's tables are empty. */
  seedDemo: boolean;
  /** Largest `first` accepted by connections. */
  maxPageSize: number;
}

/** The assessments subgraph's settings, read once from `env`. */
export function loadConfig(env: Env = process.env): AssessmentsConfig {
  const hub = loadHubConfig(env);
  return {
    hub,
    port: hub.subgraphs.assessments.port,
    schema: 'assessments',
    strictRules: new Set(readList(env, 'SIUSS_STRICT_RULES', []).map((rule) => rule.toUpperCase())),
    migrateOnStart: readBool(env, 'SIUSS_MIGRATE_ON_START', true),
    seedDemo: readBool(env, 'SIUSS_SEED_DEMO', hub.environment === 'development'),
    maxPageSize: readInt(env, 'SIUSS_MAX_PAGE_SIZE', 100, 1, 1000),
  };
}
