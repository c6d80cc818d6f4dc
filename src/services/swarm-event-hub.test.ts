import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hostServer } from '../../test/support/service-fakes.ts';
import type { HostServer } from '../contract/host.ts';
import { migratePluginDatabase, openPluginDatabase } from '../db/database.ts';
import { ClusterEventRepository } from '../db/repositories/cluster-event-repository.ts';
import { ClusterRepository } from '../db/repositories/cluster-repository.ts';
import type { ClusterRow } from '../db/schema.ts';
import { DockerError, type EngineEvent } from '../docker/index.ts';
import type { ManagerAccess } from './cluster-connections.ts';
import { ClusterUnreachableError } from './errors.ts';
import { type LiveMessage, SwarmEventHub } from './swarm-event-hub.ts';
import { type EventSource, SwarmEventRecorder } from './swarm-event-recorder.ts';

/** An engine whose `/events` answers ranges from its history and streams what is emitted while open. */
class FakeEngine implements EventSource {
  readonly transport = { id: 'manager-1' };
  history: EngineEvent[] = [];
  down: string | null = null;
  opened = 0;
  private live: { push(e: EngineEvent): void; end(error?: Error): void } | undefined;

  emit(event: EngineEvent): void {
    this.history.push(event);
    if (!this.down) this.live?.push(event);
  }

  /** The connection drops: the open stream breaks and nothing answers until `up()`. */
  cut(reason: string): void {
    this.down = reason;
    this.live?.end(new DockerError('unreachable', reason));
  }

  up(): void {
    this.down = null;
  }

  async *streamEvents(opts: { since?: number; until?: number }, signal?: AbortSignal): AsyncGenerator<EngineEvent> {
    if (this.down) throw new DockerError('unreachable', this.down);
    const since = opts.since ?? 0;
    for (const e of this.history.filter((e) => e.time >= since && (opts.until === undefined || e.time <= opts.until))) yield e;
    if (opts.until !== undefined) return;
    this.opened++;
    const queue: EngineEvent[] = [];
    let wake: (() => void) | undefined;
    let ended: Error | null | undefined;
    this.live = {
      push: (e) => (queue.push(e), wake?.()),
      end: (error) => ((ended = error ?? null), wake?.()),
    };
    signal?.addEventListener('abort', () => this.live?.end(), { once: true });
    for (;;) {
      const next = queue.shift();
      if (next) yield next;
      else if (ended !== undefined) {
        if (ended) throw ended;
        return;
      } else await new Promise<void>((r) => (wake = r));
    }
  }
}

const now = () => Math.floor(Date.now() / 1000);
let nano = 0;
function event(type: string, action: string, id: string, time = now(), attributes: Record<string, string> = {}): EngineEvent {
  return {
    Type: type,
    Action: action,
    Actor: { ID: id, Attributes: { name: id, ...attributes } },
    scope: 'swarm',
    time,
    timeNano: `${time}${String(++nano).padStart(9, '0')}`,
  };
}

describe('SwarmEventHub', () => {
  let engine: FakeEngine;
  let repo: ClusterEventRepository;
  let cluster: ClusterRow;
  let hub: SwarmEventHub;
  let invalidated: (string[] | 'all')[];
  let noted: string[][];
  let messages: LiveMessage[];
  let clusterGone: boolean;
  let attempts: number;

  beforeEach(() => {
    const db = openPluginDatabase(new Database(':memory:'));
    migratePluginDatabase(db);
    const clusters = new ClusterRepository(db);
    cluster = clusters.insert({ uuid: 'u-1', teamId: 't', name: 'lab', managerServerId: 's-1' });
    repo = new ClusterEventRepository(db);
    engine = new FakeEngine();
    invalidated = [];
    noted = [];
    messages = [];
    clusterGone = false;
    attempts = 0;
    const server = hostServer('s-1', { name: 'manager-1' });
    const oneManager = async <T>(fn: (client: EventSource, server: HostServer) => Promise<T>): Promise<T> => {
      attempts++;
      try {
        return await fn(engine, server);
      } catch (error) {
        if (error instanceof DockerError) throw new ClusterUnreachableError([`manager-1: ${error.message}`]);
        throw error;
      }
    };
    const connections: ManagerAccess<EventSource> = { withManager: (_cluster, fn) => oneManager(fn), read: (_cluster, fn) => oneManager(fn) };
    const silent = () => {};
    hub = new SwarmEventHub(
      {
        connections,
        recorder: new SwarmEventRecorder(connections, repo),
        state: {
          invalidate: (_c, resources) => void invalidated.push(resources ?? 'all'),
          noteEvents: (_c, events) => void noted.push(events.map((e) => `${e.Type} ${e.Actor?.ID}`)),
        },
        clusters: { findById: () => (clusterGone ? undefined : cluster), listAll: () => [cluster] },
        logger: { debug: silent, info: silent, warn: silent, error: silent },
      },
      { initialMs: 20, maxMs: 100, jitter: 0 },
    );
    hub.subscribe(cluster.id, (m) => messages.push(m));
  });

  afterEach(() => hub.stop());

  const published = () => messages.flatMap((m) => (m.kind === 'event' ? [`${m.event.type} ${m.event.action} ${m.event.actorId}`] : []));
  const statuses = () => messages.flatMap((m) => (m.kind === 'status' ? [m.status] : []));
  const stored = () =>
    repo
      .list(cluster.id, { limit: 500 })
      .map((r) => `${r.eventType} ${r.action} ${r.actorId}`)
      .reverse();

  it('catches up from the last hour, then streams: stores, tells the kept lists and fans out each event once', async () => {
    engine.history.push(event('service', 'create', 'old', now() - 600));
    hub.start();
    await vi.waitFor(() => expect(hub.status(cluster.id)?.state).toBe('streaming'));
    expect(statuses().at(-1)).toMatchObject({ state: 'streaming', manager: 'manager-1' });
    expect(invalidated).toContain('all');
    await vi.waitFor(() => expect(engine.opened).toBe(1));

    engine.emit(event('service', 'update', 'web'));
    engine.emit(event('node', 'update', 'n1'));
    engine.emit(event('container', 'start', 'c1'));
    engine.emit(event('network', 'create', 'net'));
    await vi.waitFor(() => expect(published()).toHaveLength(5));
    expect(published()).toEqual(['service create old', 'service update web', 'node update n1', 'container start c1', 'network create net']);
    expect(stored()).toEqual(published());
    // Events arriving together are stored and told to the kept lists together; only the reconnect read everything again.
    expect(noted).toEqual([['service web', 'node n1', 'container c1', 'network net']]);
    expect(invalidated).toEqual(['all']);
    // ...and told as a batch: every event but the last of one says more follow (the catch-up's one event is its own).
    expect(messages.flatMap((m) => (m.kind === 'event' ? [m.more === true] : []))).toEqual([false, true, true, true, false]);
  });

  it("marks the events told so far, a mark of this hub's own", async () => {
    const before = hub.told(cluster.id);
    hub.start();
    await vi.waitFor(() => expect(engine.opened).toBe(1));
    expect(hub.told(cluster.id)).toBe(before);
    engine.emit(event('service', 'update', 'web'));
    engine.emit(event('node', 'update', 'n1'));
    await vi.waitFor(() => expect(published()).toHaveLength(2));
    const after = hub.told(cluster.id);
    expect(after).not.toBe(before);
    expect(after.split('-')[0]).toBe(before.split('-')[0]);
    expect(Number(after.split('-')[1]) - Number(before.split('-')[1])).toBe(2);
    expect(hub.told(cluster.id + 1)).toBe(before);
  });

  it('does not publish twice what the live stream replays from the catch-up second', async () => {
    const t = now();
    engine.history.push(event('service', 'create', 'same-second', t));
    hub.start();
    await vi.waitFor(() => expect(engine.opened).toBe(1));
    engine.emit(event('service', 'update', 'after'));
    await vi.waitFor(() => expect(published()).toContain('service update after'));
    expect(published().filter((p) => p === 'service create same-second')).toHaveLength(1);
  });

  it('after the stream is cut, says so, reconnects and backfills the gap without duplicates', async () => {
    hub.start();
    await vi.waitFor(() => expect(engine.opened).toBe(1));
    engine.emit(event('service', 'create', 'before'));
    await vi.waitFor(() => expect(published()).toEqual(['service create before']));

    engine.cut('connection reset');
    await vi.waitFor(() => expect(hub.status(cluster.id)?.state).toBe('reconnecting'));
    const down = hub.status(cluster.id);
    expect(down).toMatchObject({ state: 'reconnecting', reason: expect.stringContaining('connection reset') });
    // Events while no stream is open are only in the engine's memory.
    engine.history.push(event('service', 'update', 'during-gap'), event('node', 'update', 'n2'));
    // Retries keep the time the stream went down.
    const before = attempts;
    await vi.waitFor(() => expect(attempts).toBeGreaterThan(before + 2));
    expect(hub.status(cluster.id)).toMatchObject({ state: 'reconnecting', since: (down as { since: string }).since });

    engine.up();
    await vi.waitFor(() => expect(engine.opened).toBe(2));
    engine.emit(event('service', 'remove', 'after'));
    await vi.waitFor(() => expect(published()).toContain('service remove after'));
    expect(published()).toEqual(['service create before', 'service update during-gap', 'node update n2', 'service remove after']);
    expect(stored()).toEqual(published());
    expect(hub.status(cluster.id)?.state).toBe('streaming');
  });

  it('backs off between failed attempts, and stops for good on unwatch, stop or a deleted cluster', async () => {
    engine.cut('no route to host');
    hub.start();
    await vi.waitFor(() => expect(statuses().length).toBeGreaterThanOrEqual(1));
    expect(hub.status(cluster.id)).toMatchObject({ state: 'reconnecting', reason: expect.stringContaining('no route to host') });

    await hub.unwatch(cluster.id);
    expect(hub.status(cluster.id)).toBeNull();
    engine.up();
    hub.watch(cluster);
    await vi.waitFor(() => expect(hub.status(cluster.id)?.state).toBe('streaming'));

    clusterGone = true;
    engine.cut('cluster deleted meanwhile');
    await vi.waitFor(() => expect(hub.status(cluster.id)).toBeNull());
  });

  it('does not open streams before start, and unsubscribes listeners', async () => {
    hub.watch(cluster);
    expect(hub.status(cluster.id)).toBeNull();
    const extra: LiveMessage[] = [];
    const unsubscribe = hub.subscribe(cluster.id, (m) => extra.push(m));
    expect(hub.subscriberCount(cluster.id)).toBe(2);
    unsubscribe();
    expect(hub.subscriberCount(cluster.id)).toBe(1);
    hub.start();
    await vi.waitFor(() => expect(hub.status(cluster.id)?.state).toBe('streaming'));
    expect(extra).toEqual([]);
  });
});
