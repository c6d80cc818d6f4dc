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

  it('answers the last value while one load refreshes it after the TTL, never after an invalidation or a failed load', async () => {
    let now = 0;
    const cache = new TtlCache(() => now);
    let n = 0;
    let release: () => void = () => {};
    const slow = () => new Promise<number>((resolve) => (release = () => resolve(++n)));
    const first = cache.get('k', 100, slow, { staleWhileRevalidate: true });
    release();
    expect((await first).value).toBe(1);
    now = 150;
    // Expired by age: the last value at once, one load behind it however many readers.
    expect((await cache.get('k', 100, slow, { staleWhileRevalidate: true })).value).toBe(1);
    expect((await cache.get('k', 100, slow, { staleWhileRevalidate: true })).value).toBe(1);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(n).toBe(2);
    expect((await cache.get('k', 100, slow, { staleWhileRevalidate: true })).value).toBe(2);
    // Past two TTLs, after an invalidation, after a failed load, or with a TTL of 0: the reader waits.
    now = 400;
    const waited = cache.get('k', 100, async () => 10, { staleWhileRevalidate: true });
    expect((await waited).value).toBe(10);
    cache.invalidate('k');
    expect((await cache.get('k', 100, async () => 11, { staleWhileRevalidate: true })).value).toBe(11);
    now = 550;
    expect((await cache.get('k', 100, () => Promise.reject(new Error('down')), { staleWhileRevalidate: true })).value).toBe(11);
    await new Promise((r) => setTimeout(r, 0));
    await expect(cache.get('k', 100, () => Promise.reject(new Error('down')), { staleWhileRevalidate: true })).rejects.toThrow('down');
    expect((await cache.get('k', 0, async () => 12, { staleWhileRevalidate: true })).value).toBe(12);
    expect((await cache.get('k', 0, async () => 13, { staleWhileRevalidate: true })).value).toBe(13);
  });

  it('replaces a kept value with one made from it, unless a load or an invalidation came between', async () => {
    let now = 0;
    const cache = new TtlCache(() => now);
    expect(await cache.kept('k')).toBeUndefined();
    await cache.get('k', 100, async () => [1]);
    now = 10;
    const kept = (await cache.kept<number[]>('k'))!;
    expect(kept.cached.value).toEqual([1]);
    expect(cache.replace('k', kept, [1, 2])).toBe(true);
    // Patched: the value changes, its date and expiry stay.
    expect(await cache.get('k', 100, async () => [9])).toEqual({ value: [1, 2], fetchedAt: 0 });
    expect(cache.replace('k', kept, [1, 3])).toBe(false);
    const again = (await cache.kept<number[]>('k'))!;
    expect(cache.replace('k', again, [4], { ttlMs: 100 })).toBe(true);
    expect(await cache.get('k', 100, async () => [9])).toEqual({ value: [4], fetchedAt: 10 });
    const beforeInvalidation = (await cache.kept<number[]>('k'))!;
    cache.invalidate('k');
    expect(await cache.kept('k')).toBeUndefined();
    expect(cache.replace('k', beforeInvalidation, [5])).toBe(false);
  });

  it('keeps a value loaded with a TTL of 0 packed, and answers it unpacked, as the same value, only as the last known', async () => {
    let now = 0;
    const cache = new TtlCache(() => now);
    const packs: string[][] = [];
    const unpacks: string[] = [];
    const packing = {
      pack: (value: string[]) => {
        packs.push(value);
        return value.join(',');
      },
      unpack: (form: unknown) => {
        unpacks.push(form as string);
        return (form as string).split(',');
      },
    };
    const loaded = ['a', 'b'];
    const readers = await Promise.all([1, 2].map(() => cache.get('k', 0, async () => loaded, { packing })));
    // Its readers get the value itself; the cache keeps only its packed form.
    expect(readers.map((r) => r.value)).toEqual([loaded, loaded]);
    expect(readers[0]!.value).toBe(loaded);
    expect(packs).toEqual([loaded]);
    expect(unpacks).toEqual([]);
    now = 10;
    const last = cache.stale<string[]>('k');
    expect(last).toEqual({ value: ['a', 'b'], fetchedAt: 0 });
    expect(cache.stale<string[]>('k')).toBe(last);
    expect(unpacks).toEqual(['a,b']);
    // The next load replaces both forms; a value without a packed form is kept as it is.
    await cache.get('k', 0, async () => ['c'], { packing });
    expect(cache.stale('k')?.value).toEqual(['c']);
    const unpackable = ['d'];
    await cache.get('k', 0, async () => unpackable, { packing: { pack: () => undefined, unpack: packing.unpack } });
    expect(cache.stale('k')?.value).toBe(unpackable);
    // With a TTL, the value is kept as it is for the reads it answers.
    await cache.get('t', 1000, async () => loaded, { packing });
    expect(cache.stale('t')?.value).toBe(loaded);
    expect(packs).toEqual([loaded, ['c']]);
  });
});
