import { afterEach, describe, expect, it } from 'vitest';
import { createMinimalHost } from '../../test/support/minimal-host.ts';
import { migratePluginDatabase } from '../db/database.ts';
import { ClusterRepository } from '../db/repositories/cluster-repository.ts';
import { createPluginContext, type PluginContext } from '../plugin-context.ts';
import { resolveSettings } from '../settings.ts';
import { eventRetentionJob } from './sync-job.ts';

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
