import type { PluginJob } from '../contract/plugin.ts';
import type { PluginContext } from '../plugin-context.ts';

/** node-cron expression for "every N seconds", rounded to what cron can say. */
export function everySeconds(seconds: number): string {
  if (seconds < 60) return `*/${Math.max(1, Math.round(seconds))} * * * * *`;
  return `*/${Math.max(1, Math.round(seconds / 60))} * * * *`;
}

/** How often the sync job looks for clusters due: the shortest sync interval a cluster may set. */
export const SYNC_TICK_SECONDS = 5;

/**
 * Periodic sync: every tick syncs the clusters whose own interval has passed, then sends the digests that are
 * due. A run still going when the next tick comes is not overlapped; nothing runs before the plugin is started
 * (a host schedules jobs when it mounts the plugin, and may serve requests for a while before it starts it).
 */
export function clusterSyncJob(ctx: PluginContext, started: () => boolean): PluginJob {
  let running: Promise<void> | null = null;
  return {
    name: 'cluster-sync',
    schedule: everySeconds(SYNC_TICK_SECONDS),
    async run() {
      if (!started()) return;
      running ??= ctx.sync
        .syncDue()
        .then(() => ctx.notifier.deliver())
        .finally(() => {
          running = null;
        });
      return running;
    },
  };
}

/** Daily cleanup of stored events past each cluster's retention setting. */
export function eventRetentionJob(ctx: PluginContext): PluginJob {
  return {
    name: 'event-retention',
    schedule: '17 3 * * *',
    async run() {
      for (const cluster of ctx.clusterRepository.listAll()) {
        const cutoff = new Date(Date.now() - ctx.clusterSettings.of(cluster).eventRetentionDays * 86_400_000).toISOString();
        const removed = ctx.eventRepository.deleteOlderThan(cluster.id, cutoff);
        ctx.host.logger.info('cluster events past retention removed', { cluster: cluster.uuid, removed, cutoff });
      }
    },
  };
}

/** Daily: the outbox keeps sent notifications `notificationRetentionDays`, then forgets them. */
export function notificationRetentionJob(ctx: Pick<PluginContext, 'notifier' | 'settings' | 'host'>): PluginJob {
  return {
    name: 'notification-retention',
    schedule: '23 3 * * *',
    async run() {
      const removed = ctx.notifier.forgetSent(ctx.settings.notificationRetentionDays * 86_400_000);
      ctx.host.logger.info('sent notifications past retention removed', { removed });
    },
  };
}
