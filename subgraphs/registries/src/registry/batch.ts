import type { GraphQLError } from 'graphql';
import type { RegistryClient } from './client.ts';
import type { TtlCache } from './cache.ts';

/** Largest batch the registries' search endpoints accept. */
export const MAX_BATCH = 100;

/**
 * Cache-through batch lookup: answers what the cache holds, asks the registry for the rest in as
 * few calls as the batch limit allows (chunks run in parallel), caches the answers with the TTL
 * `ttlFor` picks, and returns results in key order. When a call fails, each key it carried gets the
 * registry's typed GraphQL error, while keys answered from the cache keep their values: a registry
 * outage does not hide what the hub already knows.
 */
export async function cachedBatch<K, V>(options: {
  keys: readonly K[];
  cacheKey: (key: K) => string;
  cache: TtlCache<V | null>;
  client: RegistryClient;
  fetch: (keys: K[]) => Promise<Array<V | null>>;
  ttlFor: (value: V | null) => number;
}): Promise<Array<V | null | GraphQLError>> {
  const { keys, cacheKey, cache, client } = options;
  const results = new Array<V | null | GraphQLError>(keys.length);
  const missing = new Map<string, { key: K; positions: number[] }>();
  keys.forEach((key, position) => {
    const id = cacheKey(key);
    const cached = cache.get(id);
    if (cached.hit) {
      results[position] = cached.value;
      return;
    }
    const entry = missing.get(id);
    if (entry) entry.positions.push(position);
    else missing.set(id, { key, positions: [position] });
  });
  const pending = [...missing.values()];
  const chunks: Array<typeof pending> = [];
  for (let i = 0; i < pending.length; i += MAX_BATCH) chunks.push(pending.slice(i, i + MAX_BATCH));
  await Promise.all(chunks.map(async (chunk) => {
    try {
      const values = await options.fetch(chunk.map((entry) => entry.key));
      chunk.forEach((entry, i) => {
        const value = values[i] ?? null;
        cache.set(cacheKey(entry.key), value, options.ttlFor(value));
        for (const position of entry.positions) results[position] = value;
      });
    } catch (error) {
      const failure = client.toGraphQLError(error);
      for (const entry of chunk) for (const position of entry.positions) results[position] = failure;
    }
  }));
  return results;
}
