import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createMinimalHost } from '../../test/support/minimal-host.ts';
import { migratePluginDatabase } from '../db/database.ts';
import { ClusterRepository } from '../db/repositories/cluster-repository.ts';
import { NotificationRepository } from '../db/repositories/notification-repository.ts';
import { clusterNotifications } from '../db/schema.ts';
import { createPluginContext, type PluginContext } from '../plugin-context.ts';
import { resolveSettings } from '../settings.ts';
import { eventRetentionJob, notificationRetentionJob } from './sync-job.ts';

const DAY = 86_400_000;

describe('eventRetentionJob', () => {
  let ctx: PluginContext;

  afterEach(() => ctx?.connections.close());

  function contextWith(eventRetentionDays: number): PluginContext {
    ctx = createPluginContext(createMinimalHost().services, resolveSettings({ eventRetentionDays }));
    migratePluginDatabase(ctx.db);
    return ctx;
  }

  function storeAgo(clusterId: number, ageMs: number, actorId: string): void {
    const at = Date.now() - ageMs;
    ctx.eventRepository.insertMany([
      {
        clusterId,
        eventType: 'service',
        action: 'update',
        actorId,
        timeNano: `${BigInt(at) * 1_000_000n}`,
        eventTime: new Date(at).toISOString(),
      },
    ]);
  }

  const remaining = (clusterId: number) => ctx.eventRepository.list(clusterId, { limit: 100 }).map((e) => e.actorId);

  it('deletes only events older than the retention, in every cluster', async () => {
    contextWith(7);
    const clusters = new ClusterRepository(ctx.db);
    const a = clusters.insert({ uuid: 'a', teamId: 't1', name: 'a', managerServerId: 's' }).id;
    const b = clusters.insert({ uuid: 'b', teamId: 't2', name: 'b', managerServerId: 's' }).id;
    storeAgo(a, 30 * DAY, 'a-30d');
    storeAgo(a, 7 * DAY + 60_000, 'a-7d-1min');
    storeAgo(a, 7 * DAY - 60_000, 'a-7d+1min');
    storeAgo(a, 0, 'a-now');
    storeAgo(b, 8 * DAY, 'b-8d');
    storeAgo(b, 6 * DAY, 'b-6d');

    const job = eventRetentionJob(ctx);
    expect(job.schedule).toBe('17 3 * * *');
    await job.run();

    expect(remaining(a)).toEqual(['a-now', 'a-7d+1min']);
    expect(remaining(b)).toEqual(['b-6d']);
  });

  it('follows the retention setting', async () => {
    contextWith(1);
    const a = new ClusterRepository(ctx.db).insert({ uuid: 'a', teamId: 't1', name: 'a', managerServerId: 's' }).id;
    storeAgo(a, 2 * DAY, 'two-days');
    storeAgo(a, DAY / 2, 'half-a-day');
    await eventRetentionJob(ctx).run();
    expect(remaining(a)).toEqual(['half-a-day']);
  });
});

describe('notificationRetentionJob', () => {
  let ctx: PluginContext;
  afterEach(() => ctx?.connections.close());

  it('forgets notifications sent longer ago than the retention, and keeps unsent ones whatever their age', async () => {
    ctx = createPluginContext(createMinimalHost().services, resolveSettings({ notificationRetentionDays: 30 }));
    migratePluginDatabase(ctx.db);
    const cluster = new ClusterRepository(ctx.db).insert({ uuid: 'a', teamId: 't1', name: 'a', managerServerId: 's' });
    const outbox = new NotificationRepository(ctx.db);
    const notification = (title: string) => ({
      delivery: 'immediate' as const,
      notification: { event: 'node.down' as const, level: 'error' as const, title, message: '', section: '' as const, data: {} },
    });
    outbox.record(cluster, null, ['sent-40d', 'sent-29d', 'sent-now', 'unsent-60d'].map(notification));
    const rows = ctx.db.select().from(clusterNotifications).all();
    const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
    const sentAt: Record<string, string | null> = { 'sent-40d': ago(40), 'sent-29d': ago(29), 'sent-now': ago(0), 'unsent-60d': null };
    for (const row of rows) {
      ctx.db
        .update(clusterNotifications)
        .set({ sentAt: sentAt[row.notification.title], createdAt: ago(row.notification.title === 'unsent-60d' ? 60 : 41) })
        .where(eq(clusterNotifications.id, row.id))
        .run();
    }

    const job = notificationRetentionJob(ctx);
    expect(job.schedule).toBe('23 3 * * *');
    await job.run();
    const left = ctx.db
      .select()
      .from(clusterNotifications)
      .all()
      .map((r) => r.notification.title);
    expect(left.sort()).toEqual(['sent-29d', 'sent-now', 'unsent-60d']);
    // Still waiting to be sent.
    expect(outbox.unsent('immediate').map((r) => r.notification.title)).toEqual(['unsent-60d']);
  });
});
