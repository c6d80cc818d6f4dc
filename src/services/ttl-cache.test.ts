import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttl-cache.ts';

describe('TtlCache', () => {
  it('shares one load between concurrent readers', async () => {
    const cache = new TtlCache();
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 10));
      return loads;
    };
    const results = await Promise.all(Array.from({ length: 50 }, () => cache.get('k', 1000, load)));
    expect(loads).toBe(1);
    expect(new Set(results.map((r) => r.value))).toEqual(new Set([1]));
  });

  it('reloads after the TTL and after invalidation, keeping the last value as stale', async () => {
    let now = 0;
    const cache = new TtlCache(() => now);
    let n = 0;
    const load = async () => ++n;
    expect((await cache.get('cluster:1:nodes', 100, load)).value).toBe(1);
    now = 50;
    expect((await cache.get('cluster:1:nodes', 100, load)).value).toBe(1);
    now = 150;
    expect((await cache.get('cluster:1:nodes', 100, load)).value).toBe(2);
    cache.invalidate('cluster:1:');
    expect(cache.stale('cluster:1:nodes')?.value).toBe(2);
    expect((await cache.get('cluster:1:nodes', 100, load)).value).toBe(3);
  });

  it('does not cache failures and keeps the previous value', async () => {
    let now = 0;
    const cache = new TtlCache(() => now);
    await cache.get('k', 10, async () => 'good');
    now = 20;
    await expect(cache.get('k', 10, async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(cache.stale('k')?.value).toBe('good');
  });

  it('does not store a load that an invalidation overtook', async () => {
    const cache = new TtlCache();
    let release!: (v: string) => void;
    const slow = cache.get('k', 1000, () => new Promise<string>((r) => (release = r)));
    cache.invalidate('k');
    release('old');
    await slow;
    expect((await cache.get('k', 1000, async () => 'new')).value).toBe('new');
  });
});
