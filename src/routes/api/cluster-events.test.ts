/** The JSON events endpoint's filters and paging, on the minimal host with events written directly (no lab). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPluginFixture, type PluginFixture } from '../../../test/support/plugin-fixture.ts';
import { ClusterRepository } from '../../db/repositories/cluster-repository.ts';
import type { ClusterRow, NewClusterEventRow } from '../../db/schema.ts';

describe('GET /:uuid/events', () => {
  let fx: PluginFixture;
  let cluster: ClusterRow;
  let seq = 0;

  beforeEach(() => {
    fx = createPluginFixture(null);
    cluster = new ClusterRepository(fx.ctx.db).insert({ uuid: 'ev', teamId: fx.teamId, name: 'lab', managerServerId: 'none' });
  });

  afterEach(() => fx.close());

  function store(fields: Partial<NewClusterEventRow>): void {
    const ms = Date.now() - 10_000 + ++seq;
    fx.ctx.eventRepository.insertMany([
      {
        clusterId: cluster.id,
        eventType: 'service',
        action: 'update',
        actorId: 'svc-web',
        actorName: 'web',
        timeNano: `${BigInt(ms) * 1_000_000n}`,
        eventTime: new Date(ms).toISOString(),
        ...fields,
      },
    ]);
  }

  const list = async (query: string) => {
    const res = await fx.request(`/${cluster.uuid}/events${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as { data: { type: string; actorId: string }[]; meta: { nextBefore: number | null } };
  };

  it('filters by service and node (actor or swarm labels) and pages with nextBefore', async () => {
    store({});
    store({
      eventType: 'container',
      action: 'start',
      actorId: 'c1',
      actorName: 'web.1',
      attributes: { 'com.docker.swarm.service.name': 'web', 'com.docker.swarm.node.id': 'n1' },
    });
    store({ eventType: 'node', actorId: 'n1', actorName: 'worker-1' });
    store({ actorId: 'svc-db', actorName: 'db' });
    expect((await list('?service=web')).data.map((e) => e.actorId)).toEqual(['c1', 'svc-web']);
    expect((await list('?node=n1')).data.map((e) => e.actorId)).toEqual(['n1', 'c1']);
    const page = await list('?limit=3');
    expect(page.data).toHaveLength(3);
    expect((await list(`?limit=3&before=${page.meta.nextBefore}`)).data.map((e) => e.actorId)).toEqual(['svc-web']);
    expect((await fx.request(`/${cluster.uuid}/events?service=${'x'.repeat(201)}`)).status).toBe(400);
  });
});
