import { describe, expect, it } from 'vitest';
import { formatAgo, formatBytes, formatClock, formatCores, formatDateTime, formatPercent, formatPlatform, shortId } from './format.ts';

describe('view formatting', () => {
  it('sizes in binary units, one decimal below 100', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(200 * 1024 ** 2), formatBytes(null), formatBytes(Number.NaN)]).toEqual([
      '512 B',
      '1.5 KiB',
      '200 MiB',
      '—',
      '—',
    ]);
  });

  it('cores and percentages', () => {
    expect([formatCores(1), formatCores(2), formatCores(1.5), formatCores(0)]).toEqual(['1 core', '2 cores', '1.5 cores', '—']);
    expect([formatPercent(5.25), formatPercent(42.4), formatPercent(null)]).toEqual(['5.3%', '42%', '—']);
  });

  it('times, and a dash or "never" for none or garbage', () => {
    const iso = new Date(2026, 10, 30, 9, 5, 7).toISOString();
    expect(formatClock(iso)).toBe('09:05');
    expect(formatClock(iso, true)).toBe('09:05:07');
    expect(formatDateTime(iso)).toBe('2026-11-30 09:05');
    expect([formatClock(null), formatClock('not a date'), formatDateTime(undefined), formatAgo(null), formatAgo('x')]).toEqual([
      '—',
      '—',
      '—',
      'never',
      'never',
    ]);
  });

  it('ages in the largest whole unit', () => {
    const now = new Date('2026-11-30T10:00:00.000Z');
    const ago = (seconds: number) => formatAgo(new Date(now.getTime() - seconds * 1000).toISOString(), now);
    expect([ago(12), ago(300), ago(3 * 3600), ago(4 * 86_400), ago(-5)]).toEqual(['12 s ago', '5 min ago', '3 h ago', '4 d ago', '0 s ago']);
  });

  it('short ids as the CLI shows them', () => {
    expect([shortId('0123456789abcdef'), shortId(null)]).toEqual(['0123456789ab', '—']);
  });

  it("a node's platform as the CLI has it, or a dash", () => {
    expect([
      formatPlatform({ os: 'linux', architecture: 'aarch64' }),
      formatPlatform({ os: 'linux', architecture: null }),
      formatPlatform({ os: null, architecture: null }),
    ]).toEqual(['linux/aarch64', 'linux', '—']);
  });
});
