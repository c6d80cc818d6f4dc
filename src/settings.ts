import type { PluginSettings, PluginSettingsOverrides } from './contract/host.ts';

/** Defaults of the manifest's settings; TTLs are the seed plan's. */
export const DEFAULT_SETTINGS: PluginSettings = {
  syncIntervalSeconds: 60,
  eventRetentionDays: 7,
  shortServiceGraceSeconds: 60,
  autoLinkNodes: true,
  flapWindowSeconds: 60,
  notificationRetentionDays: 30,
  cacheTtlSeconds: { info: 60, nodes: 30, services: 30, tasks: 15, resources: 60, joinTokens: 300 },
  timeoutsMs: { read: 4000, readHedge: 1000, request: 30_000, sshHandshake: 10_000, sshChannelOpen: 5000, sshKeepaliveInterval: 3000 },
  streams: { perUser: 8, perServer: 32 },
  unreachableAfterSeconds: 30,
  rotationConvergeSeconds: 600,
  stackDeployWatchSeconds: 300,
  applications: { deployForm: true, taskLabel: 'com.docker.stack.namespace' },
};

export function resolveSettings(overrides: PluginSettingsOverrides = {}): PluginSettings {
  return {
    ...DEFAULT_SETTINGS,
    ...overrides,
    cacheTtlSeconds: { ...DEFAULT_SETTINGS.cacheTtlSeconds, ...overrides.cacheTtlSeconds },
    timeoutsMs: { ...DEFAULT_SETTINGS.timeoutsMs, ...overrides.timeoutsMs },
    streams: { ...DEFAULT_SETTINGS.streams, ...overrides.streams },
    applications: { ...DEFAULT_SETTINGS.applications, ...overrides.applications },
  };
}
