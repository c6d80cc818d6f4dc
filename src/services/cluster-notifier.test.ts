import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMinimalHost, type MinimalHost } from '../../test/support/minimal-host.ts';
import type { HostNotification } from '../contract/host.ts';
import { migratePluginDatabase, openPluginDatabase } from '../db/database.ts';
import { ClusterRepository } from '../db/repositories/cluster-repository.ts';
import { NotificationRepository } from '../db/repositories/notification-repository.ts';
import type { ClusterRow } from '../db/schema.ts';
import type { NodeFacts, ServiceFacts } from '../domain/swarm-transitions.ts';
import { resolveSettings } from '../settings.ts';
import { BUSY_LOOK_EVERY_MS, ClusterNotifier, type ClusterNotifierDeps, DIGEST_AFTER_MS, LOOK_DELAY_MS } from './cluster-notifier.ts';
import { EffectiveClusterSettings } from './effective-cluster-settings.ts';
import { NotificationPreferences } from './notification-preferences.ts';

const worker = (id: string, status = 'ready'): NodeFacts => ({ id, hostname: id, role: 'worker', status, managerReachability: null });
const short = (id: string): ServiceFacts => ({
  id,
  name: id,
  mode: 'replicated',
  replicasRunning: 0,
  replicasDesired: 2,
  updateState: null,
  updateMessage: null,
  updatedAt: null,
});

/** A panel's notifier on a database that outlives it (a restart is a new panel on the same database). */
function panel(
  host: MinimalHost,
  clock: { now: number },
  state: ClusterNotifierDeps['state'] = {
    nodeFacts: () => Promise.reject(new Error('not read in these tests')),
    services: () => Promise.reject(new Error('not read in these tests')),
  },
) {
  const db = openPluginDatabase(host.sqlite);
  migratePluginDatabase(db);
  const clusters = new ClusterRepository(db);
  const repository = new NotificationRepository(db);
  const settings = new EffectiveClusterSettings(resolveSettings({ shortServiceGraceSeconds: 30 }));
  const notifier = new ClusterNotifier(
    {
      notifications: host.services.notifications,
      logger: host.services.logger,
      repository,
      clusters,
      state,
      settingsOf: (cluster) => settings.of(cluster),
      webMount: '/clusters',
      flapWindowMs: 60_000,
    },
    () => clock.now,
  );
  return { clusters, repository, notifier, preferences: new NotificationPreferences(repository) };
}

describe('ClusterNotifier', () => {
  let host: MinimalHost;
  let notifier: ClusterNotifier | undefined;
  afterEach(() => notifier?.stop());

  const sent = () => host.notifications.map((n) => n.notification.event);
  const cluster = (p: ReturnType<typeof panel>): ClusterRow => p.clusters.findById(1)!;

  function setUp() {
    host = createMinimalHost();
    const clock = { now: Date.now() };
    const first = panel(host, clock);
    first.clusters.insert({ uuid: 'c-1', teamId: 't1', name: 'prod', managerServerId: 's1' });
    notifier = first.notifier;
    return { clock, first };
  }

  it('sends one notification per transition, in words, with a link into the cluster pages and structured data', async () => {
    const { first } = setUp();
    first.notifier.observe(cluster(first), { at: 1000, nodes: [worker('w1')], services: [] });
    first.notifier.observe(cluster(first), { at: 2000, nodes: [worker('w1', 'down')], services: [] });
    first.notifier.observe(cluster(first), { at: 3000, nodes: [worker('w1', 'down')], services: [] });
    await first.notifier.deliver();
    expect(host.notifications).toEqual([
      {
        teamId: 't1',
        notification: {
          event: 'node.down',
          level: 'error',
          title: 'Node w1 is down in cluster prod',
          message: 'The swarm reports worker w1 as down; its tasks are rescheduled on other nodes.',
          link: '/clusters/c-1',
          data: { clusterUuid: 'c-1', clusterName: 'prod', nodeId: 'w1', nodeName: 'w1', status: 'down', role: 'worker' },
        } satisfies HostNotification,
      },
    ]);
  });

  it('counts each change of a node the event stream reports, though the next look sees it back: a flapping link is summarised', async () => {
    const { clock, first } = setUp();
    first.preferences.save('t1', null, { 'node.ready': 'immediate' });
    first.notifier.observe(cluster(first), { at: clock.now, nodes: [worker('w1')], services: [] });
    for (let i = 1; i <= 6; i++) {
      clock.now += 1000;
      first.notifier.nodeStateChanged(cluster(first), { nodeId: 'w1', status: i % 2 ? 'down' : 'ready' });
      // Read before the change arrived: says nothing about w1.
      first.notifier.observe(cluster(first), { at: clock.now - 500, nodes: [worker('w1', i % 2 ? 'ready' : 'down')], services: [] });
    }
    await first.notifier.deliver();
    expect(sent()).toEqual(['node.down', 'node.ready', 'node.down', 'node.ready', 'node.flapping']);
    expect(host.notifications.at(-1)!.notification.data).toMatchObject({ nodeName: 'w1', changes: 5, windowSeconds: 60 });
  });

  it('neither repeats nor loses a notification across a restart', async () => {
    const { clock, first } = setUp();
    first.notifier.observe(cluster(first), { at: 1000, nodes: [worker('w1', 'down')], services: [] });
    await first.notifier.deliver();
    // Decided, but the panel stops before sending it.
    first.notifier.observe(cluster(first), { at: 2000, nodes: [worker('w1', 'down'), worker('w2', 'down')], services: [] });
    first.notifier.stop();

    const second = panel(host, clock);
    notifier = second.notifier;
    second.notifier.observe(cluster(second), { at: 3000, nodes: [worker('w1', 'down'), worker('w2', 'down')], services: [] });
    await second.notifier.deliver();
    await second.notifier.deliver();
    expect(sent()).toEqual(['node.down', 'node.down']);
    expect(host.notifications.map((n) => n.notification.data?.nodeName)).toEqual(['w1', 'w2']);
  });

  it("follows the team's and the cluster's choices: off sends nothing, digest gathers good news for an hour", async () => {
    const { clock, first } = setUp();
    first.preferences.save('t1', null, { 'node.down': 'off' });
    first.preferences.save('t1', cluster(first), { 'service.short': 'digest' });
    first.notifier.observe(cluster(first), { at: 1000, nodes: [worker('w1')], services: [short('web')] });
    first.notifier.observe(cluster(first), { at: 40_000, nodes: [worker('w1', 'down')], services: [short('web')] });
    first.notifier.observe(cluster(first), { at: 50_000, nodes: [worker('w1')], services: [short('web')] });
    await first.notifier.deliver();
    expect(sent()).toEqual([]);

    clock.now = Date.now() + DIGEST_AFTER_MS;
    await first.notifier.deliver();
    expect(sent()).toEqual(['cluster.digest']);
    const digest = host.notifications[0]!.notification;
    expect(digest.title).toBe('2 changes in cluster prod');
    expect(digest.message).toBe('Service web is below its desired replicas in cluster prod; Node w1 is ready again in cluster prod.');
    expect(digest.data).toMatchObject({ count: 2, items: [{ event: 'service.short' }, { event: 'node.ready' }] });
    await first.notifier.deliver();
    expect(sent()).toEqual(['cluster.digest']);
  });

  it('looks a second after a change, and while changes keep coming (an event storm) once every few seconds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      host = createMinimalHost();
      const clock = { now: 0 };
      let looks = 0;
      const read = <T>(data: T) => Promise.resolve({ data, fetchedAt: new Date(clock.now).toISOString(), stale: false });
      const p = panel(host, clock, {
        nodeFacts: () => read([]),
        services: () => {
          looks++;
          return read([]);
        },
      });
      p.clusters.insert({ uuid: 'c-1', teamId: 't1', name: 'prod', managerServerId: 's1' });
      notifier = p.notifier;
      const advance = async (ms: number) => {
        clock.now += ms;
        await vi.advanceTimersByTimeAsync(ms);
      };
      const changed = () => p.notifier.swarmChanged({ id: 1 });

      changed();
      changed();
      await advance(LOOK_DELAY_MS - 1);
      expect(looks).toBe(0);
      await advance(1);
      expect(looks).toBe(1);

      // Events right after the look: the next one waits out the busy interval, however many come.
      changed();
      await advance(LOOK_DELAY_MS);
      changed();
      await advance(BUSY_LOOK_EVERY_MS - LOOK_DELAY_MS - 1);
      expect(looks).toBe(1);
      await advance(1);
      expect(looks).toBe(2);

      // Quiet again: a change is looked at a second later.
      await advance(LOOK_DELAY_MS);
      changed();
      await advance(LOOK_DELAY_MS);
      expect(looks).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it("queues the cluster's own status changes with the same choices", async () => {
    const { first } = setUp();
    first.notifier.statusChanged({ ...cluster(first), status: 'healthy' }, 'degraded', ['node w1 is down']);
    first.preferences.save('t1', cluster(first), { 'cluster.recovered': 'off' });
    first.notifier.statusChanged({ ...cluster(first), status: 'degraded' }, 'healthy', []);
    await first.notifier.deliver();
    expect(host.notifications.map((n) => [n.notification.event, n.notification.link])).toEqual([['cluster.degraded', '/clusters/c-1']]);
  });
});
