import type { PluginSettings } from './contract/host.ts';

/** Defaults of the manifest's settings; TTLs are the seed plan's. */
export const DEFAULT_SETTINGS: PluginSettings = {
  syncIntervalSeconds: 60,
  eventRetentionDays: 7,
  shortServiceGraceSeconds: 60,
  autoLinkNodes: true,
  cacheTtlSeconds: { info: 60, nodes: 30, services: 30, tasks: 15, resources: 60, joinTokens: 300 },
};

export function resolveSettings(overrides: Partial<PluginSettings> = {}): PluginSettings {
  return {
    ...DEFAULT_SETTINGS,
    ...overrides,
    cacheTtlSeconds: { ...DEFAULT_SETTINGS.cacheTtlSeconds, ...overrides.cacheTtlSeconds },
  };
}
