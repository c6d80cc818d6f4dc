/**
 * Node operations through the API against the lab swarm; every outcome is read back with the docker CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LabNode, labDocker, labNodeAdd, labOptions, labState } from '../lab/lab.ts';
import { createPluginFixture, eventually, type PluginFixture } from './support/plugin-fixture.ts';
import { cli, lab, manager } from './support/test-lab.ts';

const inspectNode = async (id: string) =>
  JSON.parse(await cli(['node', 'inspect', id, '--format', '{{json .}}'])) as {
    ID: string;
    Spec: { Role: string; Availability: string; Labels: Record<string, string> | null };
    Status: { State: string; Addr: string };
    ManagerStatus?: { Reachability: string };
  };
const nodeIds = async () => (await cli(['node', 'ls', '-q'])).trim().split('\n').filter(Boolean);
/** Running task containers of the test service on a node, as `docker node ps` sees them. */
const runningOn = async (nodeId: string) =>
  (await cli(['node', 'ps', nodeId, '--filter', 'desired-state=running', '--format', '{{.Name}} {{.CurrentState}}']))
    .split('\n')
    .filter((l) => l.startsWith('nodeops-web') && /^\S+ Running/.test(l)).length;

interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

describe('node operations on the lab swarm', () => {
  let fx: PluginFixture;
  let uuid: string;
  let workerIds: string[];
  const api = (path: string, init?: Parameters<PluginFixture['request']>[1]) => fx.request(`/${uuid}${path}`, init);

  beforeAll(async () => {
    fx = createPluginFixture(lab);
    await cli([
      'service',
      'create',
      '--detach',
      '--name',
      'nodeops-web',
      '--replicas',
      '6',
      // `sleep` as PID 1 ignores SIGTERM: without a short grace period every task waits 10 s for the KILL.
      '--stop-grace-period',
      '1s',
      'lab/busybox:latest',
      'sleep',
      '3600',
    ]);
    const detected = (await (await fx.request('/detect', { method: 'POST' })).json()) as { data: { uuid: string }[] };
    uuid = detected.data[0]!.uuid;
    const all = await nodeIds();
    workerIds = [];
    for (const id of all) if ((await inspectNode(id)).Spec.Role === 'worker') workerIds.push(id);
    await eventually(async () => (await Promise.all(workerIds.map(runningOn))).every((n) => n > 0), { what: 'tasks on every worker' });
  });

  afterAll(async () => {
    await cli(['service', 'rm', 'nodeops-web']).catch(() => {});
    for (const id of workerIds ?? []) await cli(['node', 'update', '--availability', 'active', id]).catch(() => {});
    await fx?.close();
  });

  it('drains a node: says how many tasks move, every task leaves it, and activating brings it back', async () => {
    const nodeId = workerIds[0]!;
    const before = await runningOn(nodeId);
    const preview = (await (await api(`/nodes/${nodeId}/drain-preview`)).json()) as { data: { impact: { tasks: number; rescheduled: number } } };
    expect(preview.data.impact.tasks).toBe(before);
    expect(preview.data.impact.rescheduled).toBe(before);

    const started = Date.now();
    const res = await api(`/nodes/${nodeId}/availability`, { method: 'POST', json: { availability: 'drain' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { node: { availability: string }; impact: { tasks: number } } };
    expect(body.data.node.availability).toBe('drain');
    expect(body.data.impact.tasks).toBe(before);
    expect((await inspectNode(nodeId)).Spec.Availability).toBe('drain');

    // The count the page polls reaches zero, and the CLI agrees that nothing runs there any more.
    await eventually(async () => (await fx.ctx.nodeOps.tasksLeft(fx.ctx.clusters.get(fx.teamId, uuid), nodeId)).left === 0, {
      what: 'the drained node to empty',
    });
    const drainMs = Date.now() - started;
    expect(await runningOn(nodeId)).toBe(0);
    const replicas = (await cli(['service', 'ls', '--filter', 'name=nodeops-web', '--format', '{{.Replicas}}'])).trim();
    await eventually(async () => (await cli(['service', 'ls', '--filter', 'name=nodeops-web', '--format', '{{.Replicas}}'])).trim() === '6/6', {
      what: 'all replicas back elsewhere',
    });
    console.info(`drain of ${before} tasks converged in ${drainMs} ms (replicas right after: ${replicas})`);

    const back = await api(`/nodes/${nodeId}/availability`, { method: 'POST', json: { availability: 'active' } });
    expect(back.status).toBe(200);
    expect((await inspectNode(nodeId)).Spec.Availability).toBe('active');
    // New work lands on it again.
    await cli(['service', 'update', '--detach', '--force', 'nodeops-web']);
    await eventually(async () => (await runningOn(nodeId)) > 0, { what: 'tasks on the reactivated node', timeoutMs: 90_000 });

    const events = (await (await api('/events?type=plugin&limit=10')).json()) as {
      data: { action: string; actorId: string; principal: string; attributes: Record<string, string> }[];
    };
    const drained = events.data.find((e) => e.action === 'node.drain' && e.actorId === nodeId);
    expect(drained).toMatchObject({ principal: 'owner@example.test', attributes: { availability: 'drain', tasks: String(before) } });
    expect(events.data.some((e) => e.action === 'node.activate' && e.actorId === nodeId)).toBe(true);
  });

  it('pauses a node', async () => {
    const nodeId = workerIds[1]!;
    expect((await api(`/nodes/${nodeId}/availability`, { method: 'POST', json: { availability: 'pause' } })).status).toBe(200);
    expect((await inspectNode(nodeId)).Spec.Availability).toBe('pause');
    expect((await api(`/nodes/${nodeId}/availability`, { method: 'POST', json: { availability: 'active' } })).status).toBe(200);
    expect((await inspectNode(nodeId)).Spec.Availability).toBe('active');
  });

  it('promotes a worker and demotes it again', async () => {
    const nodeId = workerIds[1]!;
    const promoted = await api(`/nodes/${nodeId}/promote`, { method: 'POST' });
    expect(promoted.status).toBe(200);
    expect(((await promoted.json()) as { data: { node: { role: string } } }).data.node.role).toBe('manager');
    await eventually(async () => (await inspectNode(nodeId)).ManagerStatus?.Reachability === 'reachable', { what: 'the new manager to be reachable' });

    const demoted = await api(`/nodes/${nodeId}/demote`, { method: 'POST' });
    expect(demoted.status).toBe(200);
    await eventually(
      async () => {
        const node = await inspectNode(nodeId);
        return node.Spec.Role === 'worker' && !node.ManagerStatus;
      },
      { what: 'the node to be a worker again' },
    );
    const info = JSON.parse(await cli(['info', '--format', '{{json .Swarm}}'])) as { Managers: number };
    expect(info.Managers).toBe(1);
  });

  it('refuses to demote the last manager, and the swarm is unchanged', async () => {
    const before = await Promise.all((await nodeIds()).map(async (id) => (await inspectNode(id)).Spec.Role));
    const managerId = (await cli(['info', '--format', '{{.Swarm.NodeID}}'])).trim();
    const res = await api(`/nodes/${managerId}/demote`, { method: 'POST' });
    expect(res.status).toBe(409);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.message).toMatch(/is the last manager: demoting it would leave the swarm without a manager/);
    const after = await Promise.all((await nodeIds()).map(async (id) => (await inspectNode(id)).Spec.Role));
    expect(after).toEqual(before);
  });

  it('adds and removes node labels; a key with spaces is refused and nothing changes', async () => {
    const nodeId = workerIds[0]!;
    const added = await api(`/nodes/${nodeId}/labels`, { method: 'PATCH', json: { add: { zone: 'a', disk: 'ssd' } } });
    expect(added.status).toBe(200);
    expect((await inspectNode(nodeId)).Spec.Labels).toEqual({ zone: 'a', disk: 'ssd' });

    const bad = await api(`/nodes/${nodeId}/labels`, { method: 'PATCH', json: { add: { 'my zone': 'b' }, remove: ['disk'] } });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as ErrorBody;
    expect(body.error.field).toBe('add.my zone');
    expect(body.error.message).toMatch(/no spaces/);
    expect((await inspectNode(nodeId)).Spec.Labels).toEqual({ zone: 'a', disk: 'ssd' });

    const removed = await api(`/nodes/${nodeId}/labels`, { method: 'PATCH', json: { remove: ['zone', 'disk'] } });
    expect(removed.status).toBe(200);
    expect((await inspectNode(nodeId)).Spec.Labels ?? {}).toEqual({});
  });

  it('answers bad input with a clear 400 or 404 and changes nothing', async () => {
    const nodeId = workerIds[0]!;
    const before = await inspectNode(nodeId);
    const cases: [string, RequestInit & { json?: unknown }, number, RegExp][] = [
      [`/nodes/${nodeId}/availability`, { method: 'POST', json: { availability: 'sleep' } }, 400, /availability must be active, pause or drain/],
      [`/nodes/${nodeId}/availability`, { method: 'POST', json: {} }, 400, /availability/],
      [`/nodes/no-such-node/availability`, { method: 'POST', json: { availability: 'drain' } }, 404, /node no-such-node is not part of this cluster/],
      [`/nodes/no-such-node/labels`, { method: 'PATCH', json: { add: { zone: 'a' } } }, 404, /not part of this cluster/],
      [`/nodes/${nodeId}?force=maybe`, { method: 'DELETE' }, 400, /force must be true or false/],
      [`/join-command?role=boss`, { method: 'GET' }, 400, /role must be worker or manager/],
    ];
    for (const [path, init, status, message] of cases) {
      const res = await api(path, init);
      expect(res.status, path).toBe(status);
      expect(((await res.json()) as ErrorBody).error.message, path).toMatch(message);
    }
    const after = await inspectNode(nodeId);
    expect(after.Spec).toEqual(before.Spec);
  });

  it('refuses to remove an active node or a manager, and removes an up node only with force', async () => {
    const nodeId = workerIds[0]!;
    const refused = await api(`/nodes/${nodeId}`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as ErrorBody).error.message).toMatch(/only a drained node that is down can be removed/);
    const managerId = (await cli(['info', '--format', '{{.Swarm.NodeID}}'])).trim();
    const mgr = await api(`/nodes/${managerId}?force=true`, { method: 'DELETE' });
    expect(mgr.status).toBe(409);
    expect(((await mgr.json()) as ErrorBody).error.message).toMatch(/is a manager: demote it/);
    expect(await nodeIds()).toContain(nodeId);
  });

  it('forbids operations to members, viewers and read-only tokens, with the reason', async () => {
    const nodeId = workerIds[0]!;
    const member = fx.host.token({ teamId: fx.teamId, role: 'member' });
    const viewer = fx.host.token({ teamId: fx.teamId, role: 'viewer' });
    const readOnly = fx.host.token({ teamId: fx.teamId, role: 'owner', abilities: ['read'] });
    const writes: [string, RequestInit & { json?: unknown }][] = [
      [`/nodes/${nodeId}/availability`, { method: 'POST', json: { availability: 'drain' } }],
      [`/nodes/${nodeId}/promote`, { method: 'POST' }],
      [`/nodes/${nodeId}/demote`, { method: 'POST' }],
      [`/nodes/${nodeId}?force=true`, { method: 'DELETE' }],
      [`/nodes/${nodeId}/labels`, { method: 'PATCH', json: { add: { zone: 'x' } } }],
    ];
    for (const [path, init] of writes) {
      for (const [token, reason] of [
        [member, /member role may not operate/],
        [viewer, /viewer role may not operate/],
        [readOnly, /read-only/],
      ] as const) {
        const res = await api(path, { ...init, token });
        expect(res.status, `${init.method} ${path}`).toBe(403);
        expect(((await res.json()) as ErrorBody).error.message).toMatch(reason);
      }
    }
    for (const token of [member, viewer, readOnly]) {
      for (const role of ['worker', 'manager']) {
        const res = await api(`/join-command?role=${role}`, { token });
        expect(res.status).toBe(403);
        expect(JSON.stringify(await res.json())).not.toContain('SWMTKN');
      }
    }
    // Invalid input from a member is still a 403 (authorization before validation).
    expect((await api(`/nodes/${nodeId}/availability`, { method: 'POST', json: { availability: 'x' }, token: member })).status).toBe(403);
    const node = await inspectNode(nodeId);
    expect(node.Spec).toMatchObject({ Availability: 'active', Role: 'worker' });
    expect(node.Spec.Labels ?? {}).toEqual({});
  });

  it('gives a join command that adds a fresh node, which the API then sees, linked to its known server', async () => {
    const res = await api('/join-command?role=worker');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const join = ((await res.json()) as { data: { command: string; args: string[]; managerAddr: string; token: string } }).data;
    expect(join.managerAddr).toBe(`${manager().ip}:2377`);
    expect(join.command).toBe(`docker swarm join --token ${join.token} ${join.managerAddr}`);
    expect(join.token).toMatch(/^SWMTKN-/);

    const known = await nodeIds();
    const fresh: LabNode = await labNodeAdd(labOptions(lab));
    // The injected state predates the new node.
    const grown = (await labState(labOptions(lab)))!;
    const server = fx.host.addServer({
      teamId: fx.teamId,
      name: fresh.name,
      ip: fresh.ip,
      port: 22,
      user: 'root',
      privateKey: 'unused',
      swarmManager: false,
      swarmWorker: true,
    });
    try {
      // The command is an argument vector: run as is, without a shell.
      expect(join.args.slice(0, 3)).toEqual(['docker', 'swarm', 'join']);
      await labDocker(grown, fresh.name, join.args.slice(1));
      const cluster = fx.ctx.clusters.get(fx.teamId, uuid);
      const joined = await eventually(
        async () => {
          const found = await fx.ctx.nodeOps.joinedSince(cluster, known);
          return found.length ? found : null;
        },
        { what: 'the new node to join' },
      );
      expect(joined).toHaveLength(1);
      expect(joined[0]!.node.ip).toBe(fresh.ip);
      expect(joined[0]!.server).toEqual({ id: server.id, name: fresh.name });
      const nodes = (await (await api('/nodes')).json()) as { data: { id: string; ip: string; role: string }[] };
      expect(nodes.data.find((n) => n.ip === fresh.ip)).toMatchObject({ id: joined[0]!.node.id, role: 'worker' });

      // Leaving: drain, the node leaves the swarm and goes down, then it can be removed without force.
      const id = joined[0]!.node.id;
      expect((await api(`/nodes/${id}/availability`, { method: 'POST', json: { availability: 'drain' } })).status).toBe(200);
      await labDocker(grown, fresh.name, ['swarm', 'leave']);
      await eventually(async () => (await inspectNode(id)).Status.State === 'down', { what: 'the node that left to be down' });
      const removed = await api(`/nodes/${id}`, { method: 'DELETE' });
      expect(removed.status).toBe(200);
      expect(await nodeIds()).not.toContain(id);
    } finally {
      await labDocker(grown, fresh.name, ['swarm', 'leave', '--force']).catch(() => {});
    }
  });
});
