import { loadHubConfig, type HubConfig, type RegistryName } from '@siuss/config/config';
import { ConfigError, type Env, readBool, readInt, readOptional } from '@siuss/config/env';
import type { Behaviour } from './http.ts';

export interface MockConfig {
  hub: HubConfig;
  port: number;
  /** The behaviour the mock starts with (changeable later through POST /__control). */
  behaviour: Behaviour;
}

function readRate(env: Env, name: string): number {
  const value = readOptional(env, name);
  if (value === undefined) return 0;
  const rate = Number(value);
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) throw new ConfigError(`${name}=${value} is not a number between 0 and 1.`);
  return rate;
}

/**
 * A mock registry's settings, read once from `env`: its port (`SIUSS_ISEE_PORT`, `SIUSS_NSIS_PORT`,
 * `SIUSS_WAAS_PORT`) and its starting behaviour (`SIUSS_<NAME>_LATENCY_MS`, `SIUSS_<NAME>_ERROR_RATE`,
 * `SIUSS_<NAME>_OUTAGE`).
 */
export function loadMockConfig(name: RegistryName, env: Env = process.env): MockConfig {
  const hub = loadHubConfig(env);
  const prefix = `SIUSS_${name.toUpperCase()}`;
  return {
    hub,
    port: hub.registries[name].port,
    behaviour: {
      latencyMs: readInt(env, `${prefix}_LATENCY_MS`, 0, 0, 600_000),
      errorRate: readRate(env, `${prefix}_ERROR_RATE`),
      outage: readBool(env, `${prefix}_OUTAGE`, false),
    },
  };
}
