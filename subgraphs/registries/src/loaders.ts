import DataLoader from 'dataloader';
import type { IseeAttestation, IseeRegistry, ProtocolKey } from './registry/isee.ts';
import type { HealthRecord, NsisRegistry } from './registry/nsis.ts';

export interface ValidOnKey {
  taxCode: string;
  /** YYYY-MM-DD. */
  asOf: string;
}

/**
 * The per-request DataLoaders: every registry read of one GraphQL request goes through them, so an
 * `_entities` call for 50 persons is one registry call per registry (per date, for ISEE). They sit
 * on top of the registries' service-wide caches. A failed registry call fails only the keys it carried (as their typed GraphQL errors).
 */
export function createLoaders(registries: { isee: IseeRegistry; nsis: NsisRegistry }) {
  return {
    iseeValidOn: new DataLoader<ValidOnKey, IseeAttestation | null, string>(
      async (keys) => {
        const results = new Array<IseeAttestation | null | Error>(keys.length);
        const byDate = new Map<string, number[]>();
        keys.forEach((key, i) => byDate.set(key.asOf, [...(byDate.get(key.asOf) ?? []), i]));
        await Promise.all([...byDate].map(async ([asOf, positions]) => {
          const values = await registries.isee.validOn(positions.map((i) => keys[i]!.taxCode), asOf);
          positions.forEach((position, j) => (results[position] = values[j] ?? null));
        }));
        return results;
      },
      { cacheKeyFn: (key) => `${key.taxCode}|${key.asOf}` },
    ),
    iseeByProtocol: new DataLoader<ProtocolKey, IseeAttestation | null, string>(
      (keys) => registries.isee.byProtocol(keys),
      { cacheKeyFn: (key) => `${key.protocol}|${key.taxCode}` },
    ),
    health: new DataLoader<string, HealthRecord | null>((taxCodes) => registries.nsis.records(taxCodes)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
