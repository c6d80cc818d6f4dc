import { describe, expect, it } from 'vitest';
import { ClusterUnreachableError, ServiceError } from './errors.ts';
import { readLastKnown } from './last-known.ts';
import { TtlCache } from './ttl-cache.ts';

describe('readLastKnown', () => {
  it('reads each time with a TTL of 0, and answers with the last data, stale with the reason, when no manager answers', async () => {
    let now = 1_000;
    const cache = new TtlCache(() => now);
    const fresh = await readLastKnown(cache, 'k', 0, async () => ['a']);
    expect(fresh).toEqual({ data: ['a'], fetchedAt: new Date(1_000).toISOString(), stale: false });
    now = 5_000;
    const unreachable = new ClusterUnreachableError(['m1 (10.0.0.1): no answer within 2500 ms']);
    const stale = await readLastKnown(cache, 'k', 0, () => Promise.reject(unreachable));
    expect(stale).toEqual({ data: ['a'], fetchedAt: new Date(1_000).toISOString(), stale: true, reason: unreachable.message });
  });

  it('throws what is not an outage (a 404, say), and an outage with nothing read before', async () => {
    const cache = new TtlCache();
    await readLastKnown(cache, 'k', 0, async () => 1);
    await expect(readLastKnown(cache, 'k', 0, () => Promise.reject(new ServiceError('not_found', 'gone')))).rejects.toThrow('gone');
    await expect(readLastKnown(cache, 'other', 0, () => Promise.reject(new ClusterUnreachableError(['m1: down'])))).rejects.toThrow(/no manager/);
  });
});
