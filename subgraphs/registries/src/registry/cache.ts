/**
 * An in-process cache with a time to live per entry and a size bound (the oldest entry goes first).
 * One lives in each registry adapter for the life of the service, shared by every request, so a
 * value read once is not fetched again until it may have changed.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; expires: number }>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(maxEntries: number, now: () => number = Date.now) {
    this.#maxEntries = maxEntries;
    this.#now = now;
  }

  /** The live entry for `key`; `hit` false when absent or expired. */
  get(key: string): { hit: true; value: V } | { hit: false } {
    const entry = this.#entries.get(key);
    if (!entry) return { hit: false };
    if (entry.expires <= this.#now()) {
      this.#entries.delete(key);
      return { hit: false };
    }
    return { hit: true, value: entry.value };
  }

  set(key: string, value: V, ttlMs: number): void {
    if (ttlMs <= 0 || this.#maxEntries === 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, { value, expires: this.#now() + ttlMs });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }
}
