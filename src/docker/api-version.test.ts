import { describe, expect, it } from 'vitest';
import { compareApiVersions, negotiateApiVersion } from './api-version.ts';

describe('negotiateApiVersion', () => {
  it('speaks the daemon version when it is within range', () => {
    expect(negotiateApiVersion('1.41')).toBe('1.41');
    expect(negotiateApiVersion('1.42')).toBe('1.42');
  });

  it('caps a newer daemon at the highest tested version', () => {
    expect(negotiateApiVersion('1.50')).toBe('1.43');
    expect(negotiateApiVersion('2.0')).toBe('1.43');
  });

  it('refuses a daemon older than 1.41 with a clear precondition error', () => {
    expect(() => negotiateApiVersion('1.40')).toThrow(/1\.40 is too old: at least 1\.41/);
    expect(() => negotiateApiVersion('1.40')).toThrow(expect.objectContaining({ code: 'precondition' }));
  });

  it('rejects an unreadable version', () => {
    expect(() => negotiateApiVersion('')).toThrow(expect.objectContaining({ code: 'engine' }));
  });

  it('compares numerically, not as text', () => {
    expect(compareApiVersions('1.9', '1.41')).toBeLessThan(0);
  });
});
