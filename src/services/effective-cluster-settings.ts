/** A cluster's settings: what it changed itself, over the plugin's. */
import type { PluginSettings } from '../contract/host.ts';
import type { ClusterRow } from '../db/schema.ts';
import { type ClusterSettings, effectiveSettings } from '../domain/cluster-settings.ts';

export class EffectiveClusterSettings {
  readonly defaults: ClusterSettings;

  constructor(plugin: PluginSettings) {
    this.defaults = {
      syncIntervalSeconds: plugin.syncIntervalSeconds,
      eventRetentionDays: plugin.eventRetentionDays,
      shortServiceGraceSeconds: plugin.shortServiceGraceSeconds,
      nodeResourceRefreshSeconds: plugin.cacheTtlSeconds.resources,
      autoLinkNodes: plugin.autoLinkNodes,
    };
  }

  of(cluster: Pick<ClusterRow, 'settings'>): ClusterSettings {
    return effectiveSettings(this.defaults, cluster.settings);
  }
}
