/**
 * A read of the swarm that answers even when no manager does: the load's answer when it comes (kept in the
 * cache for `ttlMs`, 0 to ask the swarm each time, one load in flight per key), else the last data it gave,
 * marked stale with the reason. Every read of the swarm a page or the API shows goes through here.
 */
import { ClusterUnreachableError } from './errors.ts';
import type { GetOptions, TtlCache } from './ttl-cache.ts';

export interface Fetched<T> {
  data: T;
  /** When the data was read from the swarm. */
  fetchedAt: string;
  /** True when the swarm could not be reached and this is the last known data. */
  stale: boolean;
  reason?: string;
}

/** `load` should be a raced read (`ManagerAccess.read`): its ClusterUnreachableError is what gives way to the last data. */
export async function readLastKnown<T>(cache: TtlCache, key: string, ttlMs: number, load: () => Promise<T>, options?: GetOptions<T>): Promise<Fetched<T>> {
  try {
    const cached = await cache.get(key, ttlMs, load, options);
    return { data: cached.value, fetchedAt: new Date(cached.fetchedAt).toISOString(), stale: false };
  } catch (error) {
    const last = lastKnown<T>(cache, key, error);
    if (last) return last;
    throw error;
  }
}

/** The last data of `key`, stale, when `error` says no manager answered and there is some; else undefined. */
export function lastKnown<T>(cache: TtlCache, key: string, error: unknown): Fetched<T> | undefined {
  if (!(error instanceof ClusterUnreachableError)) return undefined;
  const last = cache.stale<T>(key);
  if (!last) return undefined;
  return { data: last.value, fetchedAt: new Date(last.fetchedAt).toISOString(), stale: true, reason: error.message };
}

/** One answer made of several reads: stale when any part is, as old as the oldest. */
export function combine<T>(parts: Fetched<unknown>[], data: T): Fetched<T> {
  const stale = parts.find((p) => p.stale);
  const oldest = parts.map((p) => p.fetchedAt).sort()[0] ?? new Date().toISOString();
  return stale ? { data, fetchedAt: oldest, stale: true, reason: stale.reason } : { data, fetchedAt: oldest, stale: false };
}
