/**
 * The cluster API against the real lab swarm: what it reports is what the docker CLI reports.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPluginFixture, eventually, type PluginFixture } from './support/plugin-fixture.ts';
import { cli, lab } from './support/test-lab.ts';

const jsonLines = (out: string) =>
  out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, string>);

describe('cluster API on the lab swarm', () => {
  let fx: PluginFixture;
  let uuid: string;

  beforeAll(async () => {
    fx = createPluginFixture(lab);
    await cli(['service', 'create', '--detach', '--name', 'api-web', '--replicas', '3', '--label', 'tier=web', 'lab/busybox:latest', 'sleep', '3600']);
    await cli(['service', 'create', '--detach', '--name', 'api-agent', '--mode', 'global', 'lab/busybox:latest', 'sleep', '3600']);
    await eventually(
      async () => {
        const services = jsonLines(await cli(['service', 'ls', '--format', '{{json .}}']));
        return services.filter((s) => s.Name?.startsWith('api-')).every((s) => /^(\d+)\/\1/.test(s.Replicas ?? ''));
      },
      { what: 'test services to converge' },
    );
  });

  afterAll(async () => {
    await cli(['service', 'rm', 'api-web', 'api-agent']).catch(() => {});
    await fx?.close();
  });

  it('detects the swarm once, keyed by swarm id', async () => {
    const first = await fx.request('/detect', { method: 'POST' });
    expect(first.status).toBe(200);
    const body = (await first.json()) as { data: { uuid: string; status: string }[]; meta: { created: number } };
    expect(body.meta.created).toBe(1);
    expect(body.data).toHaveLength(1);
    uuid = body.data[0]!.uuid;
    const again = (await (await fx.request('/detect', { method: 'POST' })).json()) as typeof body;
    expect(again.meta.created).toBe(0);
    expect(again.data.map((c) => c.uuid)).toEqual([uuid]);
    const list = (await (await fx.request('/')).json()) as { data: unknown[] };
    expect(list.data).toHaveLength(1);
  });

  it('reports the metadata and health the swarm has', async () => {
    const res = await fx.request(`/${uuid}`);
    const { data } = (await res.json()) as { data: { status: string; type: string; metadata: Record<string, unknown>; servers: unknown[] } };
    const info = JSON.parse(await cli(['info', '--format', '{{json .Swarm}}'])) as { Cluster: { ID: string }; Nodes: number; Managers: number };
    expect(data.type).toBe('swarm');
    expect(data.status).toBe('healthy');
    expect(data.metadata.swarmId).toBe(info.Cluster.ID);
    expect(data.metadata.nodeCount).toBe(info.Nodes);
    expect(data.metadata.managerCount).toBe(info.Managers);
    expect(data.metadata.workerCount).toBe(info.Nodes - info.Managers);
    expect(data.metadata.dockerVersion).toMatch(/^20\./);
    expect(data.metadata.lastSyncAt).toBeTruthy();
    // Every lab node is a known server: all of them are linked to the cluster by address.
    expect(data.servers).toHaveLength(lab.nodes.filter((n) => n.role !== 'none').length);
    expect(JSON.stringify(data)).not.toContain('SWMTKN');
  });

  it('lists the nodes docker node ls lists', async () => {
    const cliNodes = jsonLines(await cli(['node', 'ls', '--format', '{{json .}}']));
    const { data, meta } = (await (await fx.request(`/${uuid}/nodes`)).json()) as {
      data: {
        id: string;
        hostname: string;
        role: string;
        status: string;
        availability: string;
        isLeader: boolean;
        ip: string;
        taskCount: number;
        engineVersion: string;
        os: string;
        architecture: string;
        cpuCores: number;
        memoryBytes: number;
      }[];
      meta: { stale: boolean };
    };
    expect(meta.stale).toBe(false);
    expect(data.map((n) => n.id).sort()).toEqual(cliNodes.map((n) => n.ID).sort());
    for (const row of cliNodes) {
      const node = data.find((n) => n.id === row.ID)!;
      expect(node.hostname).toBe(row.Hostname);
      expect(node.status).toBe(row.Status!.toLowerCase());
      expect(node.availability).toBe(row.Availability!.toLowerCase());
      expect(node.isLeader).toBe(row.ManagerStatus === 'Leader');
      expect(node.role).toBe(row.ManagerStatus ? 'manager' : 'worker');
      expect(node.engineVersion).toBe(row.EngineVersion);
      const platform = (await cli(['node', 'inspect', row.ID!, '--format', '{{.Description.Platform.OS}}/{{.Description.Platform.Architecture}}'])).trim();
      expect(`${node.os}/${node.architecture}`).toBe(platform);
      expect(node.cpuCores).toBeGreaterThan(0);
      expect(node.memoryBytes).toBeGreaterThan(0);
      expect(lab.nodes.map((n) => n.ip)).toContain(node.ip);
      const running = (await cli(['node', 'ps', row.ID!, '--filter', 'desired-state=running', '-q'])).trim().split('\n').filter(Boolean);
      expect(node.taskCount).toBe(running.length);
    }
    const one = (await (await fx.request(`/${uuid}/nodes/${cliNodes[0]!.ID}`)).json()) as { data: { id: string } };
    expect(one.data.id).toBe(cliNodes[0]!.ID);
    expect((await fx.request(`/${uuid}/nodes/nope`)).status).toBe(404);
  });

  it('lists the services docker service ls lists, with replicas', async () => {
    const cliServices = jsonLines(await cli(['service', 'ls', '--format', '{{json .}}']));
    const { data } = (await (await fx.request(`/${uuid}/services`)).json()) as {
      data: { id: string; name: string; mode: string; image: string; replicasRunning: number; replicasDesired: number; labels: Record<string, string> }[];
    };
    expect(data.map((s) => s.name).sort()).toEqual(cliServices.map((s) => s.Name).sort());
    for (const row of cliServices) {
      const service = data.find((s) => s.name === row.Name)!;
      expect(service.id.startsWith(row.ID!)).toBe(true);
      expect(`${service.replicasRunning}/${service.replicasDesired}`).toBe(row.Replicas!.split(' ')[0]);
      expect(service.mode).toBe(row.Mode);
      expect(service.image).toBe(row.Image);
    }
    expect(data.find((s) => s.name === 'api-web')!.labels).toEqual({ tier: 'web' });
  });

  it('lists the tasks docker service ps lists, by service and by node', async () => {
    const cliTasks = jsonLines(await cli(['service', 'ps', 'api-web', '--filter', 'desired-state=running', '--no-trunc', '--format', '{{json .}}']));
    const web = (await (await fx.request(`/${uuid}/services/api-web`)).json()) as { data: { id: string } };
    const { data } = (await (await fx.request(`/${uuid}/services/${web.data.id}/tasks`)).json()) as {
      data: { id: string; serviceName: string; nodeId: string; slot: number; state: string; desiredState: string }[];
    };
    const running = data.filter((t) => t.desiredState === 'running');
    expect(running.map((t) => t.id).sort()).toEqual(cliTasks.map((t) => t.ID).sort());
    const nodes = jsonLines(await cli(['node', 'ls', '--format', '{{json .}}']));
    for (const row of cliTasks) {
      const task = running.find((t) => t.id === row.ID)!;
      expect(nodes.find((n) => n.ID === task.nodeId)?.Hostname).toBe(row.Node);
      expect(task.serviceName).toBe('api-web');
      expect(row.CurrentState!.toLowerCase()).toContain(task.state);
    }
    const nodeId = running[0]!.nodeId;
    const byNode = (await (await fx.request(`/${uuid}/tasks?node=${nodeId}`)).json()) as { data: { nodeId: string }[] };
    expect(byNode.data.length).toBeGreaterThan(0);
    expect(byNode.data.every((t) => t.nodeId === nodeId)).toBe(true);
    const viz = (await (await fx.request(`/${uuid}/visualizer`)).json()) as { data: { id: string; tasks: { serviceName: string }[] }[] };
    expect(viz.data).toHaveLength(nodes.length);
    expect(viz.data.flatMap((n) => n.tasks).filter((t) => t.serviceName === 'api-web')).toHaveLength(3);
  });

  it("reads one task's log, and one node's resources", async () => {
    await cli([
      'service',
      'create',
      '--detach',
      '--name',
      'api-echo',
      '--replicas',
      '2',
      'lab/busybox:latest',
      'sh',
      '-c',
      'echo "output of $HOSTNAME"; exec sleep 3600',
    ]);
    try {
      const tasks = await eventually(
        async () => {
          const ids = (await cli(['service', 'ps', 'api-echo', '--filter', 'desired-state=running', '--format', '{{.ID}} {{.CurrentState}}']))
            .trim()
            .split('\n')
            .filter((l) => / Running/.test(l))
            .map((l) => l.split(' ')[0]!);
          return ids.length === 2 ? ids : null;
        },
        { what: 'api-echo running' },
      );
      const full = (await cli(['inspect', '--type', 'task', tasks[0]!, '--format', '{{.ID}} {{.Status.ContainerStatus.ContainerID}}'])).trim().split(' ');
      const logs = await eventually(
        async () => {
          const res = await fx.request(`/${uuid}/tasks/${full[0]}/logs`);
          const body = (await res.json()) as { data: { task: { id: string }; service: { name: string }; lines: { text: string; stream: string }[] } };
          return res.status === 200 && body.data.lines.length > 0 ? body.data : null;
        },
        { what: 'the task log' },
      );
      expect(logs.task.id).toBe(full[0]);
      expect(logs.service.name).toBe('api-echo');
      // The container's hostname is the first 12 characters of its id: this task's line, not the other's.
      expect(logs.lines.map((l) => l.text)).toEqual([`output of ${full[1]!.slice(0, 12)}`]);
      expect((await fx.request(`/${uuid}/tasks/nope/logs`)).status).toBe(404);
    } finally {
      await cli(['service', 'rm', 'api-echo']).catch(() => {});
    }

    await fx.request(`/${uuid}/sync`, { method: 'POST' });
    const manager = lab.nodes.find((n) => n.role === 'manager')!;
    const nodeId = (await cli(['node', 'inspect', manager.name, '--format', '{{.ID}}'])).trim();
    const res = await fx.request(`/${uuid}/nodes/${manager.name}/resources`);
    expect(res.status).toBe(200);
    const reading = ((await res.json()) as { data: { nodeId: string; source: string; usage: { memory: unknown } | null } }).data;
    expect(reading).toMatchObject({ nodeId, source: 'measured' });
    expect(reading.usage).not.toBeNull();
    expect((await fx.request(`/${uuid}/nodes/nope/resources`)).status).toBe(404);
  });

  it('stores the swarm events of the last hour', async () => {
    const res = await fx.request(`/${uuid}/events?type=service&limit=500`);
    const { data } = (await res.json()) as { data: { type: string; action: string; actorName: string }[] };
    expect(data.some((e) => e.action === 'create' && e.actorName === 'api-web')).toBe(true);
    expect(data.every((e) => e.type === 'service')).toBe(true);
    const bad = await fx.request(`/${uuid}/events?limit=-3`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string; message: string } }).error.message).toMatch(/limit/);
  });

  it('shows a node drained with the docker CLI as drained, with its tasks moved, after a sync', async () => {
    const nodes = (await (await fx.request(`/${uuid}/nodes`)).json()) as { data: { id: string; hostname: string; role: string; taskCount: number }[] };
    const worker = nodes.data.find((n) => n.role === 'worker' && n.taskCount > 0)!;
    await cli(['node', 'update', '--availability', 'drain', worker.id]);
    try {
      const drained = await eventually(
        async () => {
          await fx.request(`/${uuid}/sync`, { method: 'POST' });
          const node = ((await (await fx.request(`/${uuid}/nodes/${worker.id}`)).json()) as { data: { availability: string; taskCount: number } }).data;
          return node.availability === 'drain' && node.taskCount === 0 ? node : null;
        },
        { what: 'the drained node to empty' },
      );
      expect(drained.taskCount).toBe(0);
      const tasks = (await (await fx.request(`/${uuid}/tasks?node=${worker.id}`)).json()) as { data: { desiredState: string }[] };
      expect(tasks.data.filter((t) => t.desiredState === 'running')).toHaveLength(0);
    } finally {
      await cli(['node', 'update', '--availability', 'active', worker.id]);
    }
  });

  it('serves 100 concurrent node requests with one SSH connection and one upstream /nodes call', async () => {
    const fresh = createPluginFixture(lab);
    try {
      await fresh.request('/detect', { method: 'POST' });
      const cluster = ((await (await fresh.request('/')).json()) as { data: { uuid: string }[] }).data[0]!;
      fresh.ctx.state.invalidate(fresh.ctx.clusters.get(fresh.teamId, cluster.uuid));
      const before = fresh.ctx.connections.stats();
      const responses = await Promise.all(Array.from({ length: 100 }, () => fresh.request(`/${cluster.uuid}/nodes`)));
      expect(responses.every((r) => r.status === 200)).toBe(true);
      const after = fresh.ctx.connections.stats();
      expect(after.connectsTotal).toBe(1);
      // One request (one channel) for /nodes and one for /tasks (node task counts), whatever the number of viewers.
      expect(after.channelsOpened - before.channelsOpened).toBe(2);
    } finally {
      await fresh.close();
    }
  });

  it('keeps join tokens encrypted at rest: no token text in the SQLite file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clusters-db-'));
    const file = join(dir, 'panel.sqlite');
    const onDisk = createPluginFixture(lab, { sqlitePath: file });
    try {
      await onDisk.request('/detect', { method: 'POST' });
      const row = onDisk.ctx.clusters.list(onDisk.teamId)[0]!;
      const worker = (await cli(['swarm', 'join-token', '-q', 'worker'])).trim();
      expect(worker).toMatch(/^SWMTKN-/);
      expect(await onDisk.host.services.crypto.decrypt({ ciphertext: row.joinTokenWorker! })).toBe(worker);
      onDisk.host.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      for (const f of [file, `${file}-wal`].filter(existsSync)) {
        expect(readFileSync(f).includes('SWMTKN')).toBe(false);
      }
    } finally {
      await onDisk.close();
      onDisk.host.sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
