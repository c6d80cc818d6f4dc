/**
 * What each cluster may set for itself; a cluster keeps only what it changed, the rest follows the plugin's
 * settings (plugin.json's defaults, or the host's).
 */
import { z } from 'zod';

export interface ClusterSettings {
  /** Seconds between periodic syncs of the cluster. */
  syncIntervalSeconds: number;
  /** Days of the cluster's swarm events kept. */
  eventRetentionDays: number;
  /** Seconds a service may stay below its desired replicas before `service.short` is sent. */
  shortServiceGraceSeconds: number;
  /** Seconds a node's CPU, memory and disk reading is reused. */
  nodeResourceRefreshSeconds: number;
  /** Whether a sync links the team's known servers to the nodes that have their address. */
  autoLinkNodes: boolean;
}

const seconds = (field: string, min: number, max: number) =>
  z
    .number({ error: `${field} must be a number of seconds` })
    .int(`${field} must be a whole number of seconds`)
    .min(min, `${field} is at least ${min} s`)
    .max(max, `${field} is at most ${max} s`);

/** A change to a cluster's settings; `null` for a field returns it to the plugin's default. */
export const clusterSettingsInput = z.strictObject({
  syncIntervalSeconds: seconds('syncIntervalSeconds', 5, 86_400).nullable().optional(),
  eventRetentionDays: z
    .number({ error: 'eventRetentionDays must be a number of days' })
    .int('eventRetentionDays must be a whole number of days')
    .min(1, 'eventRetentionDays is at least 1 day')
    .max(3650, 'eventRetentionDays is at most 3650 days')
    .nullable()
    .optional(),
  shortServiceGraceSeconds: seconds('shortServiceGraceSeconds', 0, 86_400).nullable().optional(),
  nodeResourceRefreshSeconds: seconds('nodeResourceRefreshSeconds', 5, 86_400).nullable().optional(),
  autoLinkNodes: z.boolean({ error: 'autoLinkNodes must be true or false' }).nullable().optional(),
});
export type ClusterSettingsInput = z.infer<typeof clusterSettingsInput>;

/** The settings a cluster changed from the defaults. */
export type ClusterSettingsOverrides = Partial<ClusterSettings>;

export function applySettingsChange(current: ClusterSettingsOverrides | null, change: ClusterSettingsInput): ClusterSettingsOverrides {
  const next: ClusterSettingsOverrides = { ...current };
  for (const [key, value] of Object.entries(change) as [keyof ClusterSettings, ClusterSettings[keyof ClusterSettings] | null][]) {
    if (value === null) delete next[key];
    else if (value !== undefined) (next as Record<string, unknown>)[key] = value;
  }
  return next;
}

export function effectiveSettings(defaults: ClusterSettings, overrides: ClusterSettingsOverrides | null): ClusterSettings {
  return { ...defaults, ...overrides };
}

/** Whether a cluster last synced at `lastSyncAt` (epoch ms) is due at `now`: a second early is on time, for a job ticking that often. */
export function isSyncDue(lastSyncAt: number | null, intervalSeconds: number, now: number): boolean {
  if (lastSyncAt === null) return true;
  return now - lastSyncAt >= intervalSeconds * 1000 - 1000;
}
