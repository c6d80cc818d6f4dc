import { describe, expect, it } from 'vitest';
import { managerAccess, syntheticSwarm } from '../../test/support/synthetic-swarm.ts';
import type { ClusterRow } from '../db/schema.ts';
import { type SwarmReads, SwarmState } from './swarm-state.ts';
import { TtlCache } from './ttl-cache.ts';

const TTL = { info: 60, nodes: 60, services: 60, tasks: 60, resources: 60, joinTokens: 60 };
const cluster = { id: 1 } as ClusterRow;

describe('SwarmState views', () => {
  const swarm = syntheticSwarm({ nodes: 4, services: 10, tasks: 60 });
  const lists = { nodes: 0, services: 0, tasks: 0 };
  const client: SwarmReads = {
    info: () => Promise.reject(new Error('not read here')),
    swarm: () => Promise.reject(new Error('not read here')),
    listNodes: async () => (lists.nodes++, structuredClone(swarm.nodes)),
    listServices: async () => (lists.services++, structuredClone(swarm.services)),
    listTaskRecords: async () => (lists.tasks++, structuredClone(swarm.tasks)),
  };

  it('answers a warm read with the views built from the same lists, and builds them again after a new read', async () => {
    const state = new SwarmState(managerAccess(client), new TtlCache(), TTL);
    const first = await Promise.all([state.nodes(cluster), state.services(cluster), state.tasks(cluster), state.visualizer(cluster)]);
    const again = await Promise.all([state.nodes(cluster), state.services(cluster), state.tasks(cluster), state.visualizer(cluster)]);
    expect(again.map((r) => r.data)).toEqual(first.map((r) => r.data));
    for (const [i, r] of again.entries()) expect(r.data).toBe(first[i]!.data);
    expect(lists).toEqual({ nodes: 1, services: 1, tasks: 1 });

    state.invalidate(cluster, ['tasks']);
    const fresh = await state.nodes(cluster);
    expect(lists.tasks).toBe(2);
    expect(fresh.data).not.toBe(first[0]!.data);
    expect(fresh.data).toEqual(first[0]!.data);
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
