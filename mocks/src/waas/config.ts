import { ConfigError, type Env, readBool, readInt, readString } from '@siuss/config/env';
import { comuneByBelfiore, type OutboxOptions } from './outbox.ts';

/**
 * The Comune's outbox settings, read once from `env`: `SIUSS_WAAS_ENTE` (Belfiore code, H501),
 * `SIUSS_WAAS_FLOWS` (generated flows, 20), `SIUSS_WAAS_EXAMPLES` (INPS's official examples first;
 * true for H501 only, whose flows they are) and `SIUSS_WAAS_SEED` (`waas`). The port and the
 * behaviour are the common mock settings (`SIUSS_WAAS_PORT`, `SIUSS_WAAS_LATENCY_MS`, ...).
 */
export function loadOutboxOptions(env: Env = process.env): OutboxOptions {
  const enteCode = readString(env, 'SIUSS_WAAS_ENTE', 'H501');
  if (!/^[A-Z][0-9]{3}$/.test(enteCode) || !comuneByBelfiore(enteCode)) {
    throw new ConfigError(`SIUSS_WAAS_ENTE=${enteCode} is not the Belfiore code of a current Comune (e.g. H501 for Roma).`);
  }
  return {
    enteCode,
    generated: readInt(env, 'SIUSS_WAAS_FLOWS', 20, 0, 100_000),
    includeExamples: readBool(env, 'SIUSS_WAAS_EXAMPLES', enteCode === 'H501'),
    seed: readString(env, 'SIUSS_WAAS_SEED', 'waas'),
  };
}
