import { describe, expect, it } from 'vitest';
import { API_TOKEN_PREFIX, csrfTokenFor, hashSecret, newSecret, safeEqual } from './secrets.ts';

describe('secrets', () => {
  it('makes 256-bit secrets with an optional prefix', () => {
    const token = newSecret(API_TOKEN_PREFIX);
    expect(token).toMatch(/^hp_[A-Za-z0-9_-]{43}$/);
    expect(newSecret()).not.toBe(newSecret());
  });

  it('hashes deterministically without revealing the secret', () => {
    expect(hashSecret('abc')).toBe(hashSecret('abc'));
    expect(hashSecret('abc')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('derives a stable CSRF token per session', () => {
    expect(csrfTokenFor('s1')).toBe(csrfTokenFor('s1'));
    expect(csrfTokenFor('s1')).not.toBe(csrfTokenFor('s2'));
    expect(csrfTokenFor('s1')).not.toContain('s1');
  });

  it('compares in constant time, including different lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});
