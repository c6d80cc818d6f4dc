/**
 * Per-key TTL cache with single-flight loads: concurrent readers of a missing or expired key share
 * one upstream call. The last good value is kept past its TTL so callers can show it when the
 * upstream fails ("last known data"). A key read with `staleWhileRevalidate` answers its last value for one
 * more TTL after it expired by age while one load runs behind it; never after an invalidation (a write or a
 * change the caller knows of) nor after a failed load (the reader then waits, and learns the swarm is gone).
 */
export interface CachedValue<T> {
  value: T;
  fetchedAt: number;
}

/** The value a read would answer now without waiting, and the version of the key it belongs to. */
export interface Kept<T> {
  cached: CachedValue<T>;
  generation: number;
}

export interface GetOptions<T = unknown> {
  /** Answer the last value while one load refreshes it, when it expired by age only (ignored with a TTL of 0). */
  staleWhileRevalidate?: boolean;
  /**
   * With a TTL of 0, how the value is kept once its readers have it: no read answers it again but as the last known
   * data (`stale`), so it can wait packed, off the JS heap. A value kept as it is until the next load would be promoted
   * to the old generation by the collections of the reads in between, and marked by its next major collection.
   */
  packing?: Packing<T>;
}

/** A value's packed form (`pack`: undefined when it has none, and is then kept as it is), and the value made again. */
export interface Packing<T> {
  pack(value: T): unknown;
  unpack(packed: unknown): T;
}

interface Entry<T> {
  cached?: CachedValue<T>;
  /** The last value loaded, packed (GetOptions.packing), when it is not in `cached`. */
  packed?: { form: unknown; fetchedAt: number; unpack: (form: unknown) => T };
  expiresAt: number;
  /** The TTL the value was stored with: how long past expiresAt it may still be answered while revalidating. */
  ttlMs: number;
  inflight?: Promise<CachedValue<T>>;
  /** Bumped on invalidation so a load that started before it is not stored as fresh. */
  generation: number;
  /** Expired by invalidation or a failed load, not by age: the next read waits for a load. */
  mustWait: boolean;
}

export class TtlCache {
  private readonly entries = new Map<string, Entry<unknown>>();

  constructor(private readonly clock: () => number = Date.now) {}

  async get<T>(key: string, ttlMs: number, load: () => Promise<T>, options: GetOptions<T> = {}): Promise<CachedValue<T>> {
    const entry = this.entry<T>(key);
    if (entry.cached && this.clock() < entry.expiresAt) return entry.cached;
    if (options.staleWhileRevalidate && ttlMs > 0 && this.servableStale(entry)) {
      // The refresh's failure is kept in the entry (mustWait): the next reader waits and hears of it.
      if (!entry.inflight) this.load(entry, ttlMs, load).catch(() => undefined);
      return entry.cached!;
    }
    return entry.inflight ?? this.load(entry, ttlMs, load, ttlMs === 0 ? options.packing : undefined);
  }

  /**
   * The last value loaded for a key, however old. One kept packed is unpacked, and kept so until the next load: the
   * reads answered with it while no manager answers get the same value (and the views built from it).
   */
  stale<T>(key: string): CachedValue<T> | undefined {
    const entry = this.entries.get(key) as Entry<T> | undefined;
    if (entry?.packed && !entry.cached) entry.cached = { value: entry.packed.unpack(entry.packed.form), fetchedAt: entry.packed.fetchedAt };
    return entry?.cached;
  }

  /**
   * The value a read would answer now without waiting (fresh, or answerable while revalidating), after the load in
   * flight for the key if any; undefined when a read would have to load.
   */
  async kept<T>(key: string): Promise<Kept<T> | undefined> {
    const entry = this.entries.get(key) as Entry<T> | undefined;
    if (!entry) return undefined;
    if (entry.inflight) await entry.inflight.catch(() => undefined);
    if (!entry.cached || !(this.clock() < entry.expiresAt || this.servableStale(entry))) return undefined;
    return { cached: entry.cached, generation: entry.generation };
  }

  /**
   * Puts `value` in place of the kept value it was made from, when that is still the key's value (no load nor
   * invalidation came between); `fetched` dates a whole new read (a new TTL from now), else the kept dates stay.
   * False when the key moved on: the caller's value may be older than what is there.
   */
  replace<T>(key: string, from: Kept<T>, value: T, fetched?: { ttlMs: number }): boolean {
    const entry = this.entries.get(key) as Entry<T> | undefined;
    if (!entry || entry.cached !== from.cached || entry.generation !== from.generation) return false;
    entry.packed = undefined;
    if (fetched) {
      const fetchedAt = this.clock();
      entry.cached = { value, fetchedAt };
      entry.expiresAt = fetchedAt + fetched.ttlMs;
      entry.ttlMs = fetched.ttlMs;
    } else {
      entry.cached = { value, fetchedAt: from.cached.fetchedAt };
    }
    return true;
  }

  /** Expires every key starting with the prefix; their last values stay available as stale. */
  invalidate(prefix: string): void {
    for (const [key, entry] of this.entries) {
      if (key.startsWith(prefix)) {
        entry.expiresAt = 0;
        entry.inflight = undefined;
        entry.generation++;
        entry.mustWait = true;
      }
    }
  }

  private servableStale(entry: Entry<unknown>): boolean {
    return entry.cached !== undefined && !entry.mustWait && this.clock() < entry.expiresAt + entry.ttlMs;
  }

  private async load<T>(entry: Entry<T>, ttlMs: number, load: () => Promise<T>, packing?: Packing<T>): Promise<CachedValue<T>> {
    const generation = entry.generation;
    const inflight = load().then(
      (value) => {
        const cached = { value, fetchedAt: this.clock() };
        if (entry.generation === generation) {
          const form = packing?.pack(value);
          entry.packed = form === undefined ? undefined : { form, fetchedAt: cached.fetchedAt, unpack: packing!.unpack };
          entry.cached = form === undefined ? cached : undefined;
          entry.expiresAt = cached.fetchedAt + ttlMs;
          entry.ttlMs = ttlMs;
          entry.mustWait = false;
        }
        return cached;
      },
      (error: unknown) => {
        if (entry.generation === generation) entry.mustWait = true;
        throw error;
      },
    );
    entry.inflight = inflight;
    try {
      return await inflight;
    } finally {
      if (entry.inflight === inflight) entry.inflight = undefined;
    }
  }

  private entry<T>(key: string): Entry<T> {
    let entry = this.entries.get(key) as Entry<T> | undefined;
    if (!entry) {
      entry = { expiresAt: 0, ttlMs: 0, generation: 0, mustWait: false };
      this.entries.set(key, entry as Entry<unknown>);
    }
    return entry;
  }
}
