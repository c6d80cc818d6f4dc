import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, resolveSettings } from './settings.ts';

describe('plugin settings', () => {
  it('has the defaults plugin.json declares, so the manifest and the code cannot drift apart', () => {
    const manifest = JSON.parse(readFileSync(new URL('../plugin.json', import.meta.url), 'utf8')) as {
      settings: Record<string, { default: unknown }>;
    };
    const flat = Object.fromEntries(
      Object.entries(DEFAULT_SETTINGS).flatMap(([key, value]) =>
        typeof value === 'object' ? Object.entries(value).map(([inner, v]) => [`${key}.${inner}`, v]) : [[key, value]],
      ),
    );
    const declared = Object.fromEntries(Object.entries(manifest.settings).map(([key, s]) => [key, s.default]));
    expect(declared).toEqual(flat);
  });

  it('merges overrides over the defaults, cache TTLs key by key', () => {
    const settings = resolveSettings({ syncIntervalSeconds: 10, cacheTtlSeconds: { nodes: 1 } as never });
    expect(settings.syncIntervalSeconds).toBe(10);
    expect(settings.cacheTtlSeconds).toEqual({ ...DEFAULT_SETTINGS.cacheTtlSeconds, nodes: 1 });
  });
});
