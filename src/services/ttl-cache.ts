/**
 * Per-key TTL cache with single-flight loads: concurrent readers of a missing or expired key share
 * one upstream call. The last good value is kept past its TTL so callers can show it when the
 * upstream fails ("last known data").
 */
export interface CachedValue<T> {
  value: T;
  fetchedAt: number;
}

interface Entry<T> {
  cached?: CachedValue<T>;
  expiresAt: number;
  inflight?: Promise<CachedValue<T>>;
  /** Bumped on invalidation so a load that started before it is not stored as fresh. */
  generation: number;
}

export class TtlCache {
  private readonly entries = new Map<string, Entry<unknown>>();

  constructor(private readonly clock: () => number = Date.now) {}

  async get<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<CachedValue<T>> {
    const entry = this.entry<T>(key);
    if (entry.cached && this.clock() < entry.expiresAt) return entry.cached;
    if (entry.inflight) return entry.inflight;
    const generation = entry.generation;
    const inflight = load().then((value) => {
      const cached = { value, fetchedAt: this.clock() };
      if (entry.generation === generation) {
        entry.cached = cached;
        entry.expiresAt = cached.fetchedAt + ttlMs;
      }
      return cached;
    });
    entry.inflight = inflight;
    try {
      return await inflight;
    } finally {
      if (entry.inflight === inflight) entry.inflight = undefined;
    }
  }

  /** The last value loaded for a key, however old. */
  stale<T>(key: string): CachedValue<T> | undefined {
    return (this.entries.get(key) as Entry<T> | undefined)?.cached;
  }

  /** Expires every key starting with the prefix; their last values stay available as stale. */
  invalidate(prefix: string): void {
    for (const [key, entry] of this.entries) {
      if (key.startsWith(prefix)) {
        entry.expiresAt = 0;
        entry.inflight = undefined;
        entry.generation++;
      }
    }
  }

  private entry<T>(key: string): Entry<T> {
    let entry = this.entries.get(key) as Entry<T> | undefined;
    if (!entry) {
      entry = { expiresAt: 0, generation: 0 };
      this.entries.set(key, entry as Entry<unknown>);
    }
    return entry;
  }
}
