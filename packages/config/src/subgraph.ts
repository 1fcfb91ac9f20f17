import type { HubConfig } from './config.ts';
import { type Env, readBool, readInt, readList } from './env.ts';

/** How a database subgraph starts. */
export interface StartSettings {
  /** SIUSS_MIGRATE_ON_START: apply pending migrations when the service starts (default true). */
  migrateOnStart: boolean;
  /** SIUSS_SEED_DEMO: load the demo data when the subgraph's tables are empty (default: in development only). */
  seedDemo: boolean;
}

/** Start settings plus those of a subgraph that validates records and pages through them. */
export interface SubgraphSettings extends StartSettings {
  /**
   * SIUSS_STRICT_RULES: ids of rules that only warn by default, made blocking; ALL for every one.
   * Upper-cased, as the validators compare them.
   */
  strictRules: ReadonlySet<string>;
  /** SIUSS_MAX_PAGE_SIZE: largest `first` accepted by connections (default 100, 1 to 1000). */
  maxPageSize: number;
}

/**
 * Reads SIUSS_MIGRATE_ON_START and SIUSS_SEED_DEMO, the same for every database subgraph, so
 * one variable drives all of them. For a subgraph without strict rules or connections.
 */
export function readStartSettings(env: Env, hub: Pick<HubConfig, 'environment'>): StartSettings {
  return {
    migrateOnStart: readBool(env, 'SIUSS_MIGRATE_ON_START', true),
    seedDemo: readBool(env, 'SIUSS_SEED_DEMO', hub.environment === 'development'),
  };
}

/**
 * readStartSettings plus SIUSS_STRICT_RULES and SIUSS_MAX_PAGE_SIZE, shared by the subgraphs
 * that record validated flows and list them in pages. A malformed value is a ConfigError.
 */
export function readSubgraphSettings(env: Env, hub: Pick<HubConfig, 'environment'>): SubgraphSettings {
  return {
    strictRules: new Set(readList(env, 'SIUSS_STRICT_RULES', []).map((rule) => rule.toUpperCase())),
    ...readStartSettings(env, hub),
    maxPageSize: readInt(env, 'SIUSS_MAX_PAGE_SIZE', 100, 1, 1000),
  };
}
