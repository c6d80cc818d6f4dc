import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

describe('backoffDelay', () => {
  const options = { initialMs: 100, maxMs: 1_000, factor: 2 };

  it('does not wait before the first attempt', () => {
    expect(backoffDelay(0, options)).toBe(0);
  });

  it('doubles per consecutive failure and stays bounded', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map((n) => backoffDelay(n, options))).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('takes at most the jitter fraction off', () => {
    const jittered = { ...options, jitter: 0.5 };
    expect(backoffDelay(3, jittered, () => 0)).toBe(400);
    expect(backoffDelay(3, jittered, () => 1)).toBe(200);
  });
});
