/**
 * The plugin's reads against a synthetic engine of 100 nodes, 1,000 services and 10,000 tasks, through the real
 * unix-socket transport, client, cache and summary builders: every generated object comes back, once per resource.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterRow } from '../src/db/schema.ts';
import { LocalTransport, SwarmClient } from '../src/docker/index.ts';
import { SwarmState } from '../src/services/swarm-state.ts';
import { TtlCache } from '../src/services/ttl-cache.ts';
import { type SyntheticEngine, startSyntheticEngine } from './support/synthetic-engine.ts';
import { managerAccess } from './support/synthetic-swarm.ts';

const SIZE = { nodes: 100, services: 1_000, tasks: 10_000 };
const TTL = { info: 60, nodes: 60, services: 60, tasks: 60, resources: 60, joinTokens: 60 };
const cluster = { id: 1 } as ClusterRow;

describe('the plugin against a synthetic engine of 100 nodes, 1,000 services and 10,000 tasks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'synthetic-engine-'));
  let engine: SyntheticEngine;
  let client: SwarmClient;
  let state: SwarmState;

  beforeAll(async () => {
    engine = await startSyntheticEngine({ ...SIZE, socketPath: join(dir, 'docker.sock'), eventsPerSecond: 50 });
    client = new SwarmClient(new LocalTransport({ socketPath: engine.socketPath }));
    state = new SwarmState(managerAccess(client), new TtlCache(), TTL);
  });

  afterAll(async () => {
    await client?.transport.close();
    await engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every node, service and task generated, reading each list once', async () => {
    const [nodes, services, tasks, visualizer] = await Promise.all([
      state.nodes(cluster),
      state.services(cluster),
      state.tasks(cluster),
      state.visualizer(cluster),
    ]);
    expect(nodes.data).toHaveLength(SIZE.nodes);
    expect(services.data).toHaveLength(SIZE.services);
    expect(tasks.data).toHaveLength(SIZE.tasks);
    expect(new Set(tasks.data.map((t) => t.id)).size).toBe(SIZE.tasks);
    const running = engine.tasks.filter((t) => t.DesiredState === 'running').length;
    expect(nodes.data.reduce((n, node) => n + node.taskCount, 0)).toBe(running);
    expect(visualizer.data.reduce((n, node) => n + node.tasks.length, 0)).toBe(running);
    expect(services.data.reduce((n, s) => n + s.replicasRunning, 0)).toBe(running);
    expect(nodes.data.filter((n) => n.isLeader).map((n) => n.hostname)).toEqual(['syn-n1']);
    expect(engine.requests.get('GET /tasks')).toBe(1);
    expect(engine.requests.get('GET /nodes')).toBe(1);
    expect(engine.requests.get('GET /services')).toBe(1);
  });

  it('filters tasks by service and applies a service update with its version check', async () => {
    const service = engine.services[7];
    if (!service) throw new Error('no service generated');
    const own = await client.listTasks({ service: service.ID });
    expect(own.map((t) => t.ID).sort()).toEqual(
      engine.tasks
        .filter((t) => t.ServiceID === service.ID)
        .map((t) => t.ID)
        .sort(),
    );
    const before = await client.inspectService(service.ID);
    await client.updateService(service.ID, before.Version.Index, { ...before.Spec, Labels: { scaled: 'yes' } });
    const after = await client.inspectService(service.ID);
    expect(after.Spec.Labels).toEqual({ scaled: 'yes' });
    expect(after.Version.Index).toBe(before.Version.Index + 1);
    await expect(client.updateService(service.ID, before.Version.Index, before.Spec)).rejects.toThrow(/out of sequence/);
  });

  it('filters lists by IDs as the real engine does: prefixes, several at once, a 404 for a task filter naming nothing', async () => {
    const [a, b] = [engine.services[3]!, engine.services[4]!];
    const byId = await client.listServices({ id: [a.ID, b.ID, 'zzzzzzzzzzzzzzzzzzzzzzzzz'] });
    expect(byId.map((s) => s.ID).sort()).toEqual([a.ID, b.ID].sort());
    expect((await client.listServices({ id: [a.ID.slice(0, 20)] })).map((s) => s.ID)).toContain(a.ID);
    const tasks = await client.listTaskRecords({ service: [a.ID, b.Spec.Name] });
    expect(tasks.map((t) => t.ID).sort()).toEqual(
      engine.tasks
        .filter((t) => t.ServiceID === a.ID || t.ServiceID === b.ID)
        .map((t) => t.ID)
        .sort(),
    );
    await expect(client.listTaskRecords({ service: [a.ID, 'zzzzzzzzzzzzzzzzzzzzzzzzz'] })).rejects.toMatchObject({ status: 404 });
    const node = engine.nodes[5]!;
    expect((await client.listNodes({ id: [node.ID] })).map((n) => n.ID)).toEqual([node.ID]);
    expect((await client.listTaskRecords({ node: [node.ID] })).every((t) => t.NodeID === node.ID)).toBe(true);
    await expect(client.listTaskRecords({ node: 'zzzzzzzzzzzzzzzzzzzzzzzzz' })).rejects.toMatchObject({ status: 404 });
    await expect(client.request('GET', '/services', { query: { filters: JSON.stringify({ bogus: ['x'] }) } })).rejects.toMatchObject({ status: 400 });
  });

  it('streams events at the configured rate', async () => {
    const signal = AbortSignal.timeout(5_000);
    const seen: string[] = [];
    for await (const event of client.streamEvents({}, signal)) {
      seen.push(event.Actor.ID);
      if (seen.length === 10) break;
    }
    expect(seen).toHaveLength(10);
    expect(seen.every((id) => engine.services.some((s) => s.ID === id))).toBe(true);
  });
});
