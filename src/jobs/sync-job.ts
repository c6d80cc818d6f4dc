import type { PluginJob } from '../contract/plugin.ts';
import type { PluginContext } from '../plugin-context.ts';

/** node-cron expression for "every N seconds", rounded to what cron can say. */
export function everySeconds(seconds: number): string {
  if (seconds < 60) return `*/${Math.max(1, Math.round(seconds))} * * * * *`;
  return `*/${Math.max(1, Math.round(seconds / 60))} * * * *`;
}

/** Periodic sync of every cluster. A run still going when the next one is due is not overlapped. */
export function clusterSyncJob(ctx: PluginContext): PluginJob {
  let running: Promise<void> | null = null;
  return {
    name: 'cluster-sync',
    schedule: everySeconds(ctx.settings.syncIntervalSeconds),
    run() {
      running ??= ctx.sync.syncAll().finally(() => {
        running = null;
      });
      return running;
    },
  };
}

/** Daily cleanup of stored events past the retention setting. */
export function eventRetentionJob(ctx: PluginContext): PluginJob {
  return {
    name: 'event-retention',
    schedule: '17 3 * * *',
    async run() {
      const cutoff = new Date(Date.now() - ctx.settings.eventRetentionDays * 86_400_000).toISOString();
      const removed = ctx.eventRepository.deleteOlderThan(cutoff);
      ctx.host.logger.info('cluster events past retention removed', { removed, cutoff });
    },
  };
}
