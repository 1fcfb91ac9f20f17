import { readAuditSettings, type AuditSettings } from '@siuss/audit/config';
import { loadHubConfig, type HubConfig } from '@siuss/config/config';
import { ConfigError, type Env, readString } from '@siuss/config/env';
import { readStartSettings, type StartSettings } from '@siuss/config/subgraph';

/** Month and day of the following year by which a year's declaration is due. */
export interface Deadline {
  month: number;
  day: number;
}

export interface OfferingConfig extends StartSettings {
  hub: HubConfig;
  port: number;
  /** PostgreSQL schema owned by this subgraph. */
  schema: string;
  /** SIUSS_SIOSS_DEADLINE: MM-DD of year + 1, 05-31 by default (nota ministeriale 3970/2021). */
  deadline: Deadline;
  /** SIUSS_AUDIT_* and SIUSS_REQUIRE_PURPOSE. */
  audit: AuditSettings;
}

/** Parses `MM-DD`; a day that no year has (02-30) or any other shape is a ConfigError. */
export function parseDeadline(value: string, name = 'SIUSS_SIOSS_DEADLINE'): Deadline {
  const match = /^(\d{2})-(\d{2})$/.exec(value);
  const month = Number(match?.[1]);
  const day = Number(match?.[2]);
  // 2024 is a leap year, so 02-29 is accepted; deadlineOf moves it to 02-28 in other years.
  const probe = new Date(Date.UTC(2024, month - 1, day));
  if (!match || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw new ConfigError(`${name}=${value} is not a day of the year in MM-DD form, e.g. 05-31.`);
  }
  return { month, day };
}

/** The offering subgraph's settings, read once from `env`. */
export function loadConfig(env: Env = process.env): OfferingConfig {
  const hub = loadHubConfig(env);
  return {
    hub,
    port: hub.subgraphs.offering.port,
    schema: 'offering',
    deadline: parseDeadline(readString(env, 'SIUSS_SIOSS_DEADLINE', '05-31')),
    ...readStartSettings(env, hub),
    audit: readAuditSettings(env, hub),
  };
}
