/**
 * The per-cluster event stream against the lab: a service created with the docker CLI reaches a
 * subscriber within 2 s; with the stream cut (the manager's sshd stopped and the SSH connection dropped,
 * so nothing can reconnect for a while) the events of the gap are backfilled once the manager is
 * reachable again, each stored once, as the CLI reports them. The kept lists follow the events: a change made
 * with the CLI shows in the API after its event though the cache's TTL is far off, and the plugin's own write is
 * read fresh at once. With three managers, losing the one the stream uses moves it to another.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LabState, labDocker, labDown, labFault, labOptions, labUp } from '../lab/lab.ts';
import type { ClusterRow } from '../src/db/schema.ts';
import type { SshStreamTransport, SshTransport } from '../src/docker/index.ts';
import type { LiveMessage } from '../src/services/swarm-event-hub.ts';
import { HA_LAB } from './global-setup.ts';
import { createPluginFixture, eventually, type PluginFixture } from './support/plugin-fixture.ts';

const lab = inject('lab');
const IMAGE = 'lab/busybox:latest';

describe('live cluster events on the lab', () => {
  let fx: PluginFixture;
  let cluster: ClusterRow;
  let manager: string;
  const messages: { at: number; message: LiveMessage }[] = [];
  const created: string[] = [];

  const cli = (args: string[]) => labDocker(lab, manager, args);
  const createService = async (name: string) => {
    created.push(name);
    await cli(['service', 'create', '--detach', '--name', name, '--replicas', '0', IMAGE, 'sleep', '3600']);
    return (await cli(['service', 'inspect', '--format', '{{.ID}}', name])).trim();
  };
  const arrival = (type: string, action: string, name: string) =>
    messages.find(
      (m) => m.message.kind === 'event' && m.message.event.type === type && m.message.event.action === action && m.message.event.actorName === name,
    );

  beforeAll(async () => {
    manager = lab.nodes.find((n) => n.role === 'manager')!.name;
    // TTLs far longer than the test: what the API shows after a change is the events' doing.
    fx = createPluginFixture(lab, { settings: { cacheTtlSeconds: { nodes: 3600, services: 3600, tasks: 3600 } } });
    const detected = (await (await fx.request('/detect', { method: 'POST' })).json()) as { data: { uuid: string }[] };
    cluster = fx.ctx.clusters.get(fx.teamId, detected.data[0]!.uuid);
    fx.ctx.live.subscribe(cluster.id, (message) => messages.push({ at: Date.now(), message }));
    fx.ctx.live.start();
    await eventually(async () => fx.ctx.live.status(cluster.id)?.state === 'streaming', { timeoutMs: 30_000, what: 'the event stream' });
  });

  afterAll(async () => {
    if (!fx) return;
    await fx.ctx.live.stop();
    if (created.length) await cli(['service', 'rm', ...created]).catch(() => undefined);
    await fx.close();
  });

  it('delivers a service created with the CLI to a subscriber within 2 s, stored and once', async () => {
    const name = `live-${Date.now()}`;
    const started = Date.now();
    const id = await createService(name);
    const cliDone = Date.now();
    const got = await eventually(async () => arrival('service', 'create', name), { timeoutMs: 5000, intervalMs: 20, what: `service create ${name}` });
    const event = got.message.kind === 'event' ? got.message.event : null;
    console.info(
      `live event latency: ${got.at - Date.parse(event!.time)} ms after the engine's event time, ` +
        `${got.at - started} ms after starting the CLI (CLI took ${cliDone - started} ms)`,
    );
    expect(got.at - started).toBeLessThan(2000);
    expect(event).toMatchObject({ actorId: id, actorName: name });
    const rows = fx.ctx.eventRepository.list(cluster.id, { type: 'service', action: 'create', service: [id], limit: 10 });
    expect(rows).toHaveLength(1);
    expect(
      messages.filter((m) => m === got || (m.message.kind === 'event' && m.message.event.actorId === id && m.message.event.action === 'create')),
    ).toHaveLength(1);
  });

  it('shows a service scaled with the CLI after its event, and a scale through the plugin at once, with long cache TTLs', async () => {
    const name = `kept-${Date.now()}`;
    const id = await createService(name);
    type Service = { id: string; replicasDesired: number };
    type Task = { serviceId: string; desiredState: string };
    const services = async () => ((await (await fx.request(`/${cluster.uuid}/services`)).json()) as { data: Service[] }).data;
    const tasks = async () => ((await (await fx.request(`/${cluster.uuid}/tasks`)).json()) as { data: Task[] }).data;
    const running = (all: Task[]) => all.filter((t) => t.serviceId === id && t.desiredState === 'running').length;
    // Kept with the new service in them (its create event may come after a first read).
    await eventually(async () => (await services()).some((s) => s.id === id), { timeoutMs: 10_000, what: `${name} in the kept services` });
    expect(running(await tasks())).toBe(0);

    await cli(['service', 'scale', '--detach', `${name}=2`]);
    await eventually(async () => (await services()).find((s) => s.id === id)?.replicasDesired === 2, { timeoutMs: 10_000, what: 'the CLI scale in the API' });
    await eventually(async () => running(await tasks()) === 2, { timeoutMs: 10_000, what: 'the new tasks in the API' });

    const scaled = await fx.request(`/${cluster.uuid}/services/${id}/scale`, { method: 'POST', json: { replicas: 1 } });
    expect(scaled.status).toBe(200);
    expect((await services()).find((s) => s.id === id)?.replicasDesired).toBe(1);
    // Its tasks converge after the write, with no event of theirs: the converging service is read again until they do.
    await eventually(async () => running(await tasks()) === 1, { timeoutMs: 10_000, what: 'the task scaled away in the API' });
  });

  it('reconnects after the stream is cut and backfills the gap, with no duplicates', async () => {
    const server = fx.servers.find((s) => s.name === manager)!;
    const client = fx.ctx.connections.clientFor(server);
    const transport = client.transport as SshTransport;
    const streams = client.streamTransport as SshStreamTransport;
    const cutAt = Math.floor(Date.now() / 1000) - 1;
    const before = `gap-before-${Date.now()}`;
    await createService(before);
    // No bound on its delivery here (the first test has one): the stream is live before it is cut.
    await eventually(async () => arrival('service', 'create', before), { timeoutMs: 30_000, intervalMs: 50, what: 'the event before the cut' });

    const gap = `gap-${Date.now()}`;
    let gapId: string;
    await labFault(labOptions(lab), manager, 'sshd-stop');
    try {
      // The live stream has a connection of its own; the catch-up goes over the requests' one.
      streams.destroyConnections();
      transport.destroyConnection();
      await eventually(async () => fx.ctx.live.status(cluster.id)?.state === 'reconnecting', {
        timeoutMs: 15_000,
        intervalMs: 50,
        what: 'the stream to be down',
      });
      expect(fx.ctx.live.status(cluster.id)).toMatchObject({ state: 'reconnecting', reason: expect.any(String) });
      // Through the engine's own socket: the plugin cannot see this until it reconnects.
      gapId = await createService(gap);
      await cli(['service', 'update', '--detach', '--label-add', 'during=gap', gap]);
      expect(arrival('service', 'create', gap)).toBeUndefined();
    } finally {
      await labFault(labOptions(lab), manager, 'sshd-start');
    }
    const reconnected = Date.now();
    await eventually(async () => fx.ctx.live.status(cluster.id)?.state === 'streaming', { timeoutMs: 60_000, intervalMs: 100, what: 'the stream to reopen' });
    await eventually(async () => arrival('service', 'create', gap), { timeoutMs: 10_000, intervalMs: 50, what: 'the gap event' });
    console.info(`stream reopened ${Date.now() - reconnected} ms after sshd came back`);

    // Everything the engine reports since before the cut is stored exactly once (`until` is a whole
    // second and excludes what came later within it: ask up to the next one, the CLI waits for it).
    const until = Math.floor(Date.now() / 1000) + 1;
    const reported = (await cli(['events', '--since', String(cutAt), '--until', String(until), '--filter', 'type=service', '--format', '{{json .}}']))
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line.replace(/"timeNano":(\d+)/, '"timeNano":"$1"')) as { Action: string; Actor: { ID: string }; timeNano: string });
    expect(reported.some((e) => e.Actor.ID === gapId! && e.Action === 'create')).toBe(true);
    expect(reported.some((e) => e.Actor.ID === gapId! && e.Action === 'update')).toBe(true);
    const key = (t: string, a: string, id: string) => `${t} ${a} ${id}`;
    const storedKeys = () =>
      (
        fx.host.sqlite
          .prepare(`select time_nano, action, actor_id from cluster_events where cluster_id = ? and event_type = 'service' and cast(time_nano as integer) >= ?`)
          .all(cluster.id, BigInt(cutAt) * 1_000_000_000n) as { time_nano: string; action: string; actor_id: string }[]
      ).map((r) => key(r.time_nano, r.action, r.actor_id));
    // The CLI waited for `until`: the last second's events may still be on their way to the store (batched).
    await eventually(
      async () => {
        const keys = new Set(storedKeys());
        const missing = reported.map((e) => key(e.timeNano, e.Action, e.Actor.ID)).filter((k) => !keys.has(k));
        if (missing.length) throw new Error(`not stored: ${missing.join(', ')}`);
        return true;
      },
      { timeoutMs: 10_000, intervalMs: 100, what: 'every reported event stored' },
    );
    const stored = storedKeys();
    for (const e of reported) expect(stored.filter((k) => k === key(e.timeNano, e.Action, e.Actor.ID))).toHaveLength(1);
    const duplicates = fx.host.sqlite
      .prepare(
        `select count(*) as n from (select 1 from cluster_events where cluster_id = ? group by time_nano, event_type, action, actor_id having count(*) > 1)`,
      )
      .get(cluster.id) as { n: number };
    expect(duplicates.n).toBe(0);
    // And pages heard of each gap event once.
    const gapMessages = messages.filter((m) => m.message.kind === 'event' && m.message.event.actorId === gapId!);
    expect(gapMessages.map((m) => (m.message.kind === 'event' ? m.message.event.action : '')).sort()).toEqual(['create', 'update']);
  });
});

// On its own three-manager lab.
describe('live cluster events when the manager in use is lost', () => {
  let ha: LabState;
  let fx: PluginFixture;

  beforeAll(async () => {
    ha = await labUp({ ...HA_LAB, nodes: 3, managers: 3 });
    fx = createPluginFixture(ha);
  });

  afterAll(async () => {
    await fx?.ctx.live.stop();
    await fx?.close();
    if (process.env.KEEP_LAB !== '1') await labDown(HA_LAB);
  });

  it('moves the stream to another manager and keeps delivering', async () => {
    const detected = (await (await fx.request('/detect', { method: 'POST' })).json()) as { data: { uuid: string }[] };
    const cluster = fx.ctx.clusters.get(fx.teamId, detected.data[0]!.uuid);
    const names: string[] = [];
    fx.ctx.live.subscribe(cluster.id, (m) => {
      if (m.kind === 'event' && m.event.type === 'service' && m.event.action === 'create' && m.event.actorName) names.push(m.event.actorName);
    });
    fx.ctx.live.start();
    const first = await eventually(
      async () => {
        const status = fx.ctx.live.status(cluster.id);
        return status?.state === 'streaming' ? status : null;
      },
      { timeoutMs: 30_000, what: 'the event stream' },
    );
    const other = ha.nodes.find((n) => n.role === 'manager' && n.name !== first.manager)!;

    await labFault(labOptions(ha), first.manager, 'engine-stop');
    try {
      const moved = await eventually(
        async () => {
          const status = fx.ctx.live.status(cluster.id);
          return status?.state === 'streaming' && status.manager !== first.manager ? status : null;
        },
        { timeoutMs: 90_000, intervalMs: 200, what: 'the stream on another manager' },
      );
      const name = `moved-${Date.now()}`;
      // The stream moves before the swarm has elected a new leader, and until then the CLI is refused
      // (DeadlineExceeded): ask again until it is done, and time the delivery from its answer.
      await eventually(
        async () =>
          labDocker(ha, other.name, ['service', 'create', '--detach', '--name', name, '--replicas', '0', IMAGE, 'sleep', '3600']).then(
            () => true,
            // A create that landed before its answer was lost: the retry finds the name taken.
            (error: Error) => (/already exists|conflicts with an existing/.test(error.message) ? true : Promise.reject(error)),
          ),
        { timeoutMs: 60_000, intervalMs: 1000, what: `the swarm to create ${name}` },
      );
      const created = Date.now();
      await eventually(async () => names.includes(name), { timeoutMs: 5000, intervalMs: 20, what: `service create ${name} through ${moved.manager}` });
      expect(Date.now() - created).toBeLessThan(2000);
    } finally {
      await labFault(labOptions(ha), first.manager, 'engine-start');
    }
  });
});
