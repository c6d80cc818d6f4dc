/**
 * The reference host with the plugin against a synthetic swarm of 20 nodes, 200 services and 2,000 tasks, reached
 * through the plugin's real SSH transport (an sshd in a lab node forwarding to the synthetic engine's socket): the
 * API lists every generated object, each upstream list is read once however many reads ask for it, and the pages
 * render the swarm.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryHostKeyStore } from '../src/docker/host-keys.ts';
import { SshTransport } from '../src/docker/ssh-transport.ts';
import { SwarmClient } from '../src/docker/swarm-client.ts';
import { type LabHost, OWNER, sessionCookie, startLabHost } from './support/lab-host.ts';
import { registerSyntheticCluster, type SyntheticBridge, startSyntheticBridge, startSyntheticBridgeProcess } from './support/synthetic-bridge.ts';
import { syntheticSwarm } from './support/synthetic-swarm.ts';
import { lab } from './support/test-lab.ts';

const SIZE = { nodes: 20, services: 200, tasks: 2_000 };

describe(`the plugin over SSH against a synthetic swarm of ${SIZE.nodes} nodes, ${SIZE.services} services, ${SIZE.tasks} tasks`, () => {
  let bridge: SyntheticBridge;
  let host: LabHost;
  let uuid: string;
  let serverId: string;

  beforeAll(async () => {
    bridge = await startSyntheticBridge(lab, { ...SIZE, port: 2240 });
    host = await startLabHost();
    ({ uuid, serverId } = await registerSyntheticCluster(host, bridge));
  });
  afterAll(async () => {
    await host?.close();
    await bridge?.close();
  });

  it('lists every node, service and task, with each list read from the engine once for many reads', async () => {
    const base = `/api/v1/clusters/${uuid}`;
    const before = new Map(bridge.engine.requests);
    const reads = await Promise.all(['nodes', 'services', 'tasks', 'visualizer', 'nodes', 'tasks'].map((r) => host.api('GET', `${base}/${r}`)));
    expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const [nodes, services, tasks, visualizer] = reads.map((r) => r.body.data);
    const engine = bridge.engine;
    const running = engine.tasks.filter((t) => t.DesiredState === 'running');

    expect(nodes.map((n: { id: string }) => n.id).sort()).toEqual(engine.nodes.map((n) => n.ID).sort());
    expect(services.map((s: { name: string }) => s.name).sort()).toEqual(engine.services.map((s) => s.Spec.Name).sort());
    expect(tasks.map((t: { id: string }) => t.id).sort()).toEqual(engine.tasks.map((t) => t.ID).sort());
    expect(nodes.reduce((n: number, node: { taskCount: number }) => n + node.taskCount, 0)).toBe(running.length);
    expect(services.reduce((n: number, s: { replicasRunning: number }) => n + s.replicasRunning, 0)).toBe(running.length);
    const drawn = visualizer.flatMap((node: { id: string; tasks: { id: string }[] }) => node.tasks.map((t) => `${node.id} ${t.id}`));
    expect(drawn.sort()).toEqual(running.map((t) => `${t.NodeID} ${t.ID}`).sort());

    // The detection and sync read the lists already; these reads added at most one more of each.
    for (const list of ['GET /nodes', 'GET /services', 'GET /tasks']) {
      expect((engine.requests.get(list) ?? 0) - (before.get(list) ?? 0), list).toBeLessThanOrEqual(1);
    }
    const ssh = host.host.plugin?.stats?.().ssh.find((s) => s.serverId === serverId);
    expect(ssh?.connectsTotal).toBe(1);
  });

  it('renders the overview, services, visualizer and events pages of the synthetic swarm', async () => {
    const cookie = await sessionCookie(host.url, OWNER.email, OWNER.password);
    const shows = { '': 'syn-n20', '/services?q=svc-200': 'svc-200', '/visualizer': 'syn-n20', '/events': 'synthetic-20-200-2000 swarm' };
    for (const [page, text] of Object.entries(shows)) {
      const res = await fetch(`${host.url}/clusters/${uuid}${page}`, { headers: { cookie }, redirect: 'manual' });
      expect(res.status, page || 'overview').toBe(200);
      expect(await res.text(), page || 'overview').toContain(text);
    }
  });

  it('serves the same generated swarm with the engine in a process of its own (what bench:scale times against)', async () => {
    const size = { nodes: 3, services: 6, tasks: 30 };
    const apart = await startSyntheticBridgeProcess(lab, { ...size, port: 2241 });
    // Read over SSH as the plugin reads: registered with the panel it would join the first bridge's cluster (one swarm ID).
    const ssh = new SshTransport({
      serverId: 'apart',
      host: apart.server.ip,
      port: apart.server.port,
      username: apart.server.user,
      privateKey: async () => apart.server.privateKey,
      hostKeys: new MemoryHostKeyStore(),
      socketPath: apart.server.dockerSocketPath,
    });
    try {
      const read = (await new SwarmClient(ssh).listTaskRecords()).map((t) => t.ID);
      const generated = syntheticSwarm(size).tasks.map((t) => t.ID);
      expect(read.sort()).toEqual(generated.sort());
    } finally {
      await ssh.close();
      await apart.close();
    }
  });
});
