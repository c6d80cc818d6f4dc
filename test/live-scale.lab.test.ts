/**
 * Many viewers of one cluster's live stream, against a synthetic swarm reached over the plugin's real SSH transport:
 * viewers that only watch cost the engine no request; a storm of 1,000 events a second loses no stored event and
 * reaches every viewer gathered (a frame per window, each event counted once) while the engine is asked for no task
 * list; a service's event has that service and its tasks read again by ID, not the whole lists. Timings (latency to
 * all viewers, memory) are `npm run bench:live`'s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FANOUT_WINDOW_MS } from '../src/services/live-fanout.ts';
import { type LabHost, OWNER, sessionCookie, startLabHost } from './support/lab-host.ts';
import { eventually } from './support/plugin-fixture.ts';
import { openSseViewers, type SseViewers } from './support/sse-viewers.ts';
import { registerSyntheticCluster, type SyntheticBridge, startSyntheticBridge } from './support/synthetic-bridge.ts';
import { lab } from './support/test-lab.ts';

const SIZE = { nodes: 10, services: 100, tasks: 1_000 };
const VIEWERS = 50;
const STORM = { perSecond: 1_000, ms: 5_000 };

describe(`${VIEWERS} viewers of a synthetic swarm's live stream`, () => {
  let bridge: SyntheticBridge;
  let host: LabHost;
  let uuid: string;
  let cookie: string;
  let viewers: SseViewers;

  const storedEvents = () =>
    (
      host.host.sqlite.prepare('select count(*) as n from cluster_events where cluster_id = (select id from clusters where uuid = ?)').get(uuid) as {
        n: number;
      }
    ).n;
  const listReads = () => [...bridge.engine.requests].filter(([key]) => key.startsWith('GET ') && key !== 'GET /events').reduce((n, [, count]) => n + count, 0);

  beforeAll(async () => {
    bridge = await startSyntheticBridge(lab, { ...SIZE, port: 2251 });
    // Cache TTLs longer than the test: every list read in it is an event's doing, not an expiry's.
    host = await startLabHost({ pluginSettings: { cacheTtlSeconds: { nodes: 3600, services: 3600, tasks: 3600 } } });
    ({ uuid } = await registerSyntheticCluster(host, bridge));
    // No periodic sync inside the test's windows: what the engine is asked is the viewers' doing.
    expect((await host.api('PATCH', `/api/v1/clusters/${uuid}`, { settings: { syncIntervalSeconds: 86_400 } })).status).toBe(200);
    cookie = await sessionCookie(host.url, OWNER.email, OWNER.password);
  });
  afterAll(async () => {
    await viewers?.close();
    await host?.close();
    await bridge?.close();
  });

  it('costs the engine no request while the viewers only watch', async () => {
    viewers = await openSseViewers(`${host.url}/clusters/${uuid}/live`, cookie, VIEWERS);
    await eventually(async () => viewers.viewers.every((v) => v.of('status').some((s) => s.data.state === 'streaming')), {
      timeoutMs: 30_000,
      what: 'every viewer to see the stream live',
    });
    const before = listReads();
    const streamsBefore = bridge.engine.requests.get('GET /events') ?? 0;
    // An absence is watched over a window: a few seconds of viewers holding their streams.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(listReads() - before).toBe(0);
    expect(bridge.engine.requests.get('GET /events') ?? 0).toBe(streamsBefore);
    expect(viewers.failures).toEqual([]);
  });

  it('stores every event of a storm of 1,000 a second and tells each viewer of each, gathered', async () => {
    const storedBefore = storedEvents();
    const emittedBefore = bridge.engine.eventsEmitted();
    const framesBefore = viewers.viewers.map((v) => v.of('swarm').length);
    const readsBefore = bridge.engine.log.length;
    const started = Date.now();
    bridge.engine.setEventsPerSecond(STORM.perSecond);
    await new Promise((resolve) => setTimeout(resolve, STORM.ms));
    bridge.engine.setEventsPerSecond(0);
    const emitted = bridge.engine.eventsEmitted() - emittedBefore;
    expect(emitted).toBeGreaterThan((STORM.perSecond * STORM.ms) / 1000 / 2);

    await eventually(async () => storedEvents() - storedBefore === emitted, { timeoutMs: 30_000, what: `${emitted} events stored` });
    const told = (v: (typeof viewers.viewers)[number], from: number) =>
      v
        .of('swarm')
        .slice(from)
        .reduce((n, f) => n + f.data.count, 0);
    await eventually(async () => viewers.viewers.every((v, i) => told(v, framesBefore[i]!) === emitted), {
      timeoutMs: 30_000,
      what: `every viewer told of ${emitted} events`,
    });
    // Gathered: a frame per window (and the first at once), not one per event, for as long as the storm's events came
    // through: until the last frame each viewer got (a busy machine delivers the last ones seconds after the storm).
    for (const [i, viewer] of viewers.viewers.entries()) {
      const frames = viewer.of('swarm').slice(framesBefore[i]!);
      const spanMs = frames.at(-1)!.at - started;
      expect(frames.length, `viewer ${i}: frames over ${spanMs} ms`).toBeLessThanOrEqual(Math.ceil(spanMs / FANOUT_WINDOW_MS) + 1);
    }
    expect(storedEvents() - storedBefore).toBe(emitted);
    expect(viewers.failures).toEqual([]);
    // The storm names every service, none changed: the notifier's looks read the services (whole: they are all named),
    // and no task list at all.
    const stormReads = bridge.engine.log.slice(readsBefore).filter((r) => r.method === 'GET' && r.path !== '/events');
    expect(stormReads.filter((r) => r.path === '/tasks')).toEqual([]);
  });

  it('lets go of every viewer when they leave: no viewer, no subscription left', async () => {
    const live = () => host.host.plugin!.stats!().live;
    expect(live()).toEqual({ viewers: VIEWERS, clusters: 1, hubSubscribers: 1 });
    await viewers.close();
    await eventually(async () => live().viewers === 0, { timeoutMs: 10_000, what: 'the viewers let go' });
    expect(live()).toEqual({ viewers: 0, clusters: 0, hubSubscribers: 0 });
  });

  it("reads a changed service and its tasks by ID after the service's event, and the API shows the change", async () => {
    const api = async <T>(path: string) => ((await host.api('GET', `/api/v1/clusters/${uuid}${path}`)).body as { data: T }).data;
    type Task = { id: string; state: string };
    await api<Task[]>('/tasks');
    const mark = bridge.engine.log.length;
    const service = bridge.engine.services[42]!;
    const task = bridge.engine.tasks.find((t) => t.ServiceID === service.ID && t.DesiredState === 'running')!;
    service.Version.Index++;
    task.Status.State = 'failed';
    bridge.engine.changed();
    bridge.engine.emit({ Type: 'service', Action: 'update', Actor: { ID: service.ID, Attributes: { name: service.Spec.Name } } });
    await eventually(async () => (await api<Task[]>('/tasks')).find((t) => t.id === task.ID)?.state === 'failed', {
      timeoutMs: 10_000,
      what: 'the failed task in the API',
    });
    const reads = bridge.engine.log.slice(mark).filter((r) => r.method === 'GET' && r.path !== '/events');
    expect(reads.filter((r) => r.path === '/tasks').map((r) => r.filters)).toEqual([{ service: [service.ID] }]);
    expect(reads.filter((r) => r.path === '/services').map((r) => r.filters)).toEqual([{ id: [service.ID] }]);
  });
});
