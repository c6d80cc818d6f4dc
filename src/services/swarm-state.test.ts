import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type EngineRequest, type SyntheticEngine, startSyntheticEngine } from '../../test/support/synthetic-engine.ts';
import { managerAccess, syntheticSwarm } from '../../test/support/synthetic-swarm.ts';
import type { ClusterRow } from '../db/schema.ts';
import { LocalTransport, SwarmClient } from '../docker/index.ts';
import type { ManagerAccess } from './cluster-connections.ts';
import { ClusterUnreachableError } from './errors.ts';
import { type SwarmReads, SwarmState } from './swarm-state.ts';
import { TtlCache } from './ttl-cache.ts';

const TTL = { info: 60, nodes: 60, services: 60, tasks: 60, resources: 60, joinTokens: 60 };
const cluster = { id: 1 } as ClusterRow;

describe('SwarmState views', () => {
  const swarm = syntheticSwarm({ nodes: 4, services: 10, tasks: 60 });
  const lists = { nodes: 0, services: 0, serviceNames: 0, tasks: 0, placements: 0, wanted: 0 };
  const client: SwarmReads = {
    info: () => Promise.reject(new Error('not read here')),
    swarm: () => Promise.reject(new Error('not read here')),
    listNodes: async () => (lists.nodes++, structuredClone(swarm.nodes)),
    listServices: async () => (lists.services++, structuredClone(swarm.services)),
    listServiceNames: async () => (lists.serviceNames++, swarm.services.map((s) => ({ ID: s.ID, Spec: { Name: s.Spec.Name } }))),
    listTaskRecords: async () => (lists.tasks++, structuredClone(swarm.tasks)),
    listTaskPlacements: async () => (
      lists.placements++, swarm.tasks.filter((t) => t.DesiredState === 'running').map(({ NodeID, DesiredState }) => ({ NodeID, DesiredState }))
    ),
  };

  it('answers a warm read with the views built from the same lists, and builds them again after a new read', async () => {
    const state = new SwarmState(managerAccess(client), new TtlCache(), TTL);
    const first = await Promise.all([state.nodes(cluster), state.services(cluster), state.tasks(cluster), state.visualizer(cluster)]);
    const again = await Promise.all([state.nodes(cluster), state.services(cluster), state.tasks(cluster), state.visualizer(cluster)]);
    expect(again.map((r) => r.data)).toEqual(first.map((r) => r.data));
    for (const [i, r] of again.entries()) expect(r.data).toBe(first[i]!.data);
    expect(lists).toEqual({ nodes: 1, services: 1, serviceNames: 0, tasks: 1, placements: 0, wanted: 0 });

    state.invalidate(cluster, ['tasks']);
    const fresh = await state.nodes(cluster);
    expect(lists.tasks).toBe(2);
    expect(fresh.data).not.toBe(first[0]!.data);
    expect(fresh.data).toEqual(first[0]!.data);
  });

  it("counts the nodes' tasks from their placements alone for a caller reading the nodes alone with a TTL of 0, else from the task list", async () => {
    const NO_TTL = { ...TTL, nodes: 0, services: 0, tasks: 0 };
    const whole = await new SwarmState(managerAccess(client), new TtlCache(), NO_TTL).nodes(cluster);
    expect(whole.data.some((n) => n.taskCount > 0)).toBe(true);

    const before = { ...lists };
    const cold = new SwarmState(managerAccess(client), new TtlCache(), NO_TTL);
    expect((await cold.nodes(cluster, { alone: true })).data).toEqual(whole.data);
    expect((await cold.node(cluster, whole.data[1]!.id, { alone: true })).data).toEqual(whole.data[1]);
    expect(lists).toEqual({ ...before, nodes: before.nodes + 2, placements: before.placements + 2 });

    // With a TTL, the task list read is kept (and patched from events) and counts them.
    const ttl = { ...lists };
    const kept = new SwarmState(managerAccess(client), new TtlCache(), TTL);
    expect((await kept.nodes(cluster, { alone: true })).data).toEqual(whole.data);
    expect(lists).toMatchObject({ tasks: ttl.tasks + 1, placements: ttl.placements });
  });

  it('reads only the tasks wanted running or ready for the visualizer with a TTL of 0, and draws what the whole list draws', async () => {
    expect(swarm.tasks.some((t) => t.DesiredState === 'shutdown')).toBe(true);
    const filtering: SwarmReads = {
      ...client,
      listTaskRecords: async (filters = {}) => {
        if (!filters.desiredState) return client.listTaskRecords(filters);
        lists.wanted++;
        return structuredClone(swarm.tasks.filter((t) => [filters.desiredState].flat().includes(t.DesiredState)));
      },
    };
    const whole = await new SwarmState(managerAccess(filtering), new TtlCache(), TTL).visualizer(cluster);
    const before = { ...lists };
    const NO_TTL = { ...TTL, nodes: 0, services: 0, tasks: 0 };
    const cold = await new SwarmState(managerAccess(filtering), new TtlCache(), NO_TTL).visualizer(cluster);
    expect(JSON.stringify(cold.data)).toBe(JSON.stringify(whole.data));
    expect(lists).toEqual({ ...before, nodes: before.nodes + 1, serviceNames: before.serviceNames + 1, wanted: before.wanted + 1 });
  });

  it('reads no tasks for the services when the engine counts them, and counts them from the tasks when it does not', async () => {
    const counted = new SwarmState(managerAccess(client), new TtlCache(), TTL);
    const before = lists.tasks;
    const services = await counted.services(cluster);
    expect(lists.tasks).toBe(before);
    expect(services.data.map((s) => s.replicasRunning)).toEqual(swarm.services.map((s) => s.ServiceStatus?.RunningTasks));

    const uncounted = new SwarmState(
      managerAccess({ ...client, listServices: async () => swarm.services.map(({ ServiceStatus: _, ...s }) => s) }),
      new TtlCache(),
      TTL,
    );
    const fromTasks = await uncounted.services(cluster);
    expect(lists.tasks).toBe(before + 1);
    expect(fromTasks.data.map((s) => s.replicasRunning)).toEqual(services.data.map((s) => s.replicasRunning));
  });

  it('names the tasks from a read of the services names only when no services list is kept', async () => {
    const before = { ...lists };
    const state = new SwarmState(managerAccess(client), new TtlCache(), TTL);
    const tasks = await state.tasks(cluster);
    expect(lists).toEqual({ ...before, serviceNames: before.serviceNames + 1, tasks: before.tasks + 1 });
    const names = new Map(swarm.services.map((s) => [s.ID, s.Spec.Name]));
    expect(tasks.data.map((t) => t.serviceName)).toEqual(tasks.data.map((t) => names.get(t.serviceId)));
    expect(tasks.data.every((t) => t.serviceName)).toBe(true);
    // Warm: the same view, nothing read.
    expect((await state.tasks(cluster)).data).toBe(tasks.data);
    expect(lists.serviceNames).toBe(before.serviceNames + 1);

    // Once the services list is read, it names the tasks, also when a write made it to be read again.
    await state.services(cluster);
    state.invalidate(cluster, ['services', 'tasks']);
    const again = { ...lists };
    expect((await state.tasks(cluster)).data).toEqual(tasks.data);
    expect(lists).toEqual({ ...again, services: again.services + 1, tasks: again.tasks + 1 });
  });

  it("keeps the services' names whatever the TTL (Docker does not rename a service), and answers the tasks as of their own read", async () => {
    const NO_TTL = { ...TTL, nodes: 0, services: 0, tasks: 0 };
    const state = new SwarmState(managerAccess(client), new TtlCache(), NO_TTL);
    const before = { ...lists };
    const first = await state.tasks(cluster);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await state.tasks(cluster);
    expect(lists).toEqual({ ...before, tasks: before.tasks + 2, serviceNames: before.serviceNames + 1 });
    expect(second.data).toEqual(first.data);
    expect(second.data.every((t) => t.serviceName)).toBe(true);
    expect(second.fetchedAt > first.fetchedAt).toBe(true);
    // A write to the services reads them again.
    state.invalidate(cluster, ['services']);
    await state.tasks(cluster);
    expect(lists.serviceNames).toBe(before.serviceNames + 2);
  });

  it('filters the tasks of one service or node from the sorted list', async () => {
    const state = new SwarmState(managerAccess(client), new TtlCache(), TTL);
    const service = swarm.services[3]!.ID;
    const node = swarm.nodes[2]!.ID;
    const all = (await state.tasks(cluster)).data;
    expect((await state.tasks(cluster, { serviceId: service })).data).toEqual(all.filter((t) => t.serviceId === service));
    expect((await state.tasks(cluster, { nodeId: node })).data.map((t) => t.id).sort()).toEqual(
      swarm.tasks
        .filter((t) => t.NodeID === node)
        .map((t) => t.ID)
        .sort(),
    );
    expect((await state.tasks(cluster, { serviceId: service, nodeId: node })).data.every((t) => t.serviceId === service && t.nodeId === node)).toBe(true);
  });
});

describe('SwarmState kept lists following the event stream (a synthetic engine counting its requests)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'swarm-state-'));
  let engine: SyntheticEngine;
  let client: SwarmClient;
  let state: SwarmState;
  let mark = 0;

  beforeAll(async () => {
    engine = await startSyntheticEngine({ nodes: 10, services: 100, tasks: 1_000, socketPath: join(dir, 'docker.sock') });
    client = new SwarmClient(new LocalTransport({ socketPath: engine.socketPath }));
  });
  afterAll(async () => {
    await client?.transport.close();
    await engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    state = new SwarmState(managerAccess(client), new TtlCache(), TTL);
    await Promise.all([state.visualizer(cluster), state.services(cluster)]);
    mark = engine.log.length;
  });

  /** The list reads since the test's start, as `GET /tasks {"service":[...]}`. */
  const reads = () => engine.log.slice(mark).filter((r) => r.method === 'GET' && ['/nodes', '/services', '/tasks'].includes(r.path));
  const described = (r: EngineRequest) => `${r.path} ${JSON.stringify(r.filters)}`;
  const serviceEvent = (id: string) => ({ Type: 'service', Actor: { ID: id, Attributes: {} } });

  it('reads a changed service and its tasks by ID after its event, and the views show the change', async () => {
    const service = engine.services[7]!;
    await client.updateService(service.ID, service.Version.Index, { ...service.Spec, Labels: { changed: 'yes' } });
    const task = engine.tasks.find((t) => t.ServiceID === service.ID && t.DesiredState === 'running')!;
    task.Status.State = 'failed';
    engine.changed();
    state.noteEvents(cluster, [serviceEvent(service.ID), serviceEvent(service.ID), serviceEvent(service.ID)]);

    const [tasks, services] = await Promise.all([state.tasks(cluster), state.services(cluster)]);
    expect(tasks.data.find((t) => t.id === task.ID)?.state).toBe('failed');
    expect(services.data.find((s) => s.id === service.ID)?.labels).toMatchObject({ changed: 'yes' });
    expect(reads().map(described)).toEqual([`/services {"id":["${service.ID}"]}`, `/tasks {"service":["${service.ID}"]}`]);
    // Read once: answered from the patched lists since.
    await state.visualizer(cluster);
    expect(reads()).toHaveLength(2);
  });

  it('reads no task for a service event whose service did not change, and one whole list for a storm naming every service', async () => {
    state.noteEvents(cluster, [serviceEvent(engine.services[3]!.ID)]);
    await state.tasks(cluster);
    expect(reads().map(described)).toEqual([`/services {"id":["${engine.services[3]!.ID}"]}`]);

    const before = (await state.visualizer(cluster)).data;
    state.noteEvents(
      cluster,
      Array.from({ length: 1_000 }, (_, i) => serviceEvent(engine.services[i % engine.services.length]!.ID)),
    );
    const [visualizer] = await Promise.all([state.visualizer(cluster), state.services(cluster), state.nodes(cluster)]);
    expect(reads().slice(1).map(described)).toEqual(['/services {}']);
    // Nothing changed: the views are the ones built before.
    expect(visualizer.data).toBe(before);
  });

  it("reads a changed node and the tasks of the services on it; a container event reads its service's tasks only", async () => {
    const node = engine.nodes[4]!;
    await client.updateNode(node.ID, node.Version.Index, { ...node.Spec, Availability: 'drain' });
    state.noteEvents(cluster, [{ Type: 'node', Actor: { ID: node.ID, Attributes: {} } }]);
    const nodes = await state.nodes(cluster);
    expect(nodes.data.find((n) => n.id === node.ID)?.availability).toBe('drain');
    const onNode = [...new Set(engine.tasks.filter((t) => t.NodeID === node.ID).map((t) => t.ServiceID))].sort();
    const [nodeRead, taskRead, ...rest] = reads();
    expect(described(nodeRead!)).toBe(`/nodes {"id":["${node.ID}"]}`);
    expect(taskRead?.path).toBe('/tasks');
    expect([...(taskRead!.filters.service as string[])].sort()).toEqual(onNode);
    expect(rest).toEqual([]);

    const service = engine.services[11]!.ID;
    state.noteEvents(cluster, [{ Type: 'container', Actor: { ID: 'c1', Attributes: { 'com.docker.swarm.service.id': service } } }]);
    await state.services(cluster);
    expect(reads()).toHaveLength(2);
    await state.tasks(cluster);
    expect(reads().slice(2).map(described)).toEqual([`/tasks {"service":["${service}"]}`]);
  });

  it('drops a removed service and its tasks without asking the engine for the tasks of a service it no longer has', async () => {
    const gone = engine.services.splice(20, 1)[0]!;
    const kept = engine.tasks.filter((t) => t.ServiceID !== gone.ID);
    const removed = engine.tasks.length - kept.length;
    engine.tasks.splice(0, engine.tasks.length, ...kept);
    engine.changed();
    try {
      state.noteEvents(cluster, [serviceEvent(gone.ID)]);
      const [services, tasks] = await Promise.all([state.services(cluster), state.tasks(cluster)]);
      expect(services.data.some((s) => s.id === gone.ID)).toBe(false);
      expect(tasks.data.some((t) => t.serviceId === gone.ID)).toBe(false);
      expect(removed).toBeGreaterThan(0);
      expect(reads().map(described)).toEqual([`/services {"id":["${gone.ID}"]}`]);
      expect(tasks.stale).toBe(false);
    } finally {
      engine.services.splice(20, 0, gone);
    }
  });

  it('follows a service converging after its event (no event says when its tasks start) until its counts meet', async () => {
    const service = engine.services[30]!;
    const status = service.ServiceStatus!;
    const task = engine.tasks.find((t) => t.ServiceID === service.ID && t.DesiredState === 'running')!;
    const wasState = task.Status.State;
    // The clock is moved rather than waited on: the follow is at most once a second, exactly.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      service.Version.Index++;
      service.ServiceStatus = { ...status, RunningTasks: status.RunningTasks - 1 };
      task.Status.State = 'starting';
      engine.changed();
      state.noteEvents(cluster, [serviceEvent(service.ID)]);
      expect((await state.tasks(cluster)).data.find((t) => t.id === task.ID)?.state).toBe('starting');
      // The task starts; the engine sends no event for it.
      service.ServiceStatus = status;
      task.Status.State = 'running';
      engine.changed();
      const stateAfter = async (ms: number) => {
        vi.setSystemTime(Date.now() + ms);
        return (await state.tasks(cluster)).data.find((t) => t.id === task.ID)?.state;
      };
      expect(await stateAfter(999)).toBe('starting');
      expect(await stateAfter(1)).toBe('running');
      expect(reads().every((r) => r.path !== '/tasks' || JSON.stringify(r.filters) === `{"service":["${service.ID}"]}`)).toBe(true);
    } finally {
      vi.useRealTimers();
      task.Status.State = wasState;
      service.ServiceStatus = status;
      engine.changed();
    }
  });

  it("reads the services' names again when a task list read after them names a service they lack, once per task list", async () => {
    const names = new SwarmState(managerAccess(client), new TtlCache(), TTL);
    await names.tasks(cluster);
    expect(reads().slice(-2).map(described).sort()).toEqual(['/services {}', '/tasks {}']);
    const from = engine.services[40]!;
    const added = { ...structuredClone(from), ID: 'snew00000000000000000000', Spec: { ...structuredClone(from.Spec), Name: 'added-service' } };
    const task = { ...structuredClone(engine.tasks.find((t) => t.ServiceID === from.ID)!), ID: 'tnew00000000000000000000', ServiceID: added.ID };
    engine.services.push(added);
    engine.tasks.push(task);
    engine.changed();
    try {
      mark = engine.log.length;
      names.noteEvents(cluster, [serviceEvent(added.ID)]);
      const tasks = await names.tasks(cluster);
      expect(tasks.data.find((t) => t.id === task.ID)?.serviceName).toBe('added-service');
      // No services list kept to patch: the event makes the task list read whole, then the names, which lacked it.
      expect(reads().map(described)).toEqual(['/tasks {}', '/services {}']);
      await names.tasks(cluster);
      expect(reads()).toHaveLength(2);
    } finally {
      engine.services.pop();
      engine.tasks.pop();
      engine.changed();
    }
  });

  it('reads the lists whole and fresh after a write, whatever events are pending', async () => {
    state.noteEvents(cluster, [serviceEvent(engine.services[5]!.ID)]);
    state.invalidate(cluster, ['services', 'tasks']);
    await state.tasks(cluster);
    expect(reads().map(described).sort()).toEqual(['/services {}', '/tasks {}']);
  });

  it('with a TTL of 0 keeps the task lists read as the last known, packed: answered the same, stale, when no manager answers', async () => {
    let down = false;
    const access = managerAccess(client);
    const outage: ManagerAccess<SwarmReads> = {
      ...access,
      read: (c, fn) => (down ? Promise.reject(new ClusterUnreachableError(['synthetic: down'])) : access.read(c, fn)),
    };
    const cold = new SwarmState(outage, new TtlCache(), { ...TTL, nodes: 0, services: 0, tasks: 0 });
    const readAll = () => Promise.all([cold.tasks(cluster), cold.visualizer(cluster), cold.nodes(cluster, { alone: true }), cold.nodes(cluster)]);
    const fresh = await readAll();
    expect(fresh.map((r) => r.stale)).toEqual([false, false, false, false]);
    expect(fresh[0].data).toHaveLength(engine.tasks.length);
    const records = await cold.rawTasks(cluster);
    down = true;
    const lastRecords = await cold.rawTasks(cluster);
    expect(lastRecords.stale).toBe(true);
    expect(lastRecords.data).toEqual(records.data);
    expect(lastRecords.data).not.toBe(records.data);
    const last = await readAll();
    expect(last.map((r) => r.stale)).toEqual([true, true, true, true]);
    expect(last.map((r) => r.data)).toEqual(fresh.map((r) => r.data));
    // Made again from the packed lists, then the same while the outage lasts: one unpacking, views built once.
    expect(last[0].data).not.toBe(fresh[0].data);
    const again = await readAll();
    expect(again.map((r) => r.data)).toEqual(last.map((r) => r.data));
    expect(again[0].data).toBe(last[0].data);
    expect(again[1].data).toBe(last[1].data);
    down = false;
    expect((await cold.tasks(cluster)).stale).toBe(false);
  });
});
