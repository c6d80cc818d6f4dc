/**
 * The panel's own machine as a manager (contract 1.3): a lab manager registered as a `local` server, reached
 * through its Docker socket with no SSH at all. Detection, reads compared with the docker CLI, an operation and
 * the live event stream go through it as through an SSH manager; next to the same node over SSH it is one cluster.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labServers } from '../lab/lab.ts';
import type { HostServer } from '../src/contract/host.ts';
import type { ClusterRow } from '../src/db/schema.ts';
import type { LiveMessage } from '../src/services/swarm-event-hub.ts';
import { createPluginFixture, eventually, type PluginFixture } from './support/plugin-fixture.ts';
import { cli, lab, manager } from './support/test-lab.ts';

const SERVICE = `local-web-${Date.now()}`;

describe('a manager reached through its local Docker socket', () => {
  let fx: PluginFixture;
  let local: HostServer;
  let uuid: string;
  let cluster: ClusterRow;
  const messages: LiveMessage[] = [];
  const api = <T>(path: string, init?: Parameters<PluginFixture['request']>[1]) =>
    fx.request(path, init).then(async (res) => ({ status: res.status, body: (await res.json()) as T }));

  beforeAll(async () => {
    await cli(['service', 'create', '--detach', '--name', SERVICE, '--replicas', '1', '--stop-grace-period', '1s', 'lab/busybox:latest', 'sleep', '3600']);
    // No lab servers over SSH: the only way in is the socket.
    fx = createPluginFixture(null);
    local = fx.host.addServer({
      teamId: fx.teamId,
      name: 'this machine',
      transport: 'local',
      dockerSocketPath: manager().socket,
      ip: manager().ip,
      port: 22,
      user: 'root',
      swarmManager: true,
      swarmWorker: false,
    });
  });

  afterAll(async () => {
    await cli(['service', 'rm', SERVICE]).catch(() => undefined);
    if (!fx) return;
    await fx.ctx.live.stop();
    await fx.close();
  });

  it('detects the swarm through the socket, with no SSH connection', async () => {
    const detected = await api<{ data: { uuid: string; managerServerId: string }[]; meta: { created: number } }>('/detect', { method: 'POST' });
    expect(detected.status).toBe(200);
    expect(detected.body.meta.created).toBe(1);
    expect(detected.body.data).toHaveLength(1);
    expect(detected.body.data[0]!.managerServerId).toBe(local.id);
    uuid = detected.body.data[0]!.uuid;
    cluster = fx.ctx.clusters.get(fx.teamId, uuid);
    expect(fx.ctx.connections.serverStats()).toEqual([]);
  });

  it('lists the nodes and services the docker CLI lists', async () => {
    const nodes = await api<{ data: { id: string; hostname: string }[]; meta: { stale: boolean } }>(`/${uuid}/nodes`);
    expect(nodes.body.meta.stale).toBe(false);
    const cliNodes = (await cli(['node', 'ls', '--format', '{{.ID}} {{.Hostname}}'])).trim().split('\n').sort();
    expect(nodes.body.data.map((n) => `${n.id} ${n.hostname}`).sort()).toEqual(cliNodes);

    const services = await api<{ data: { id: string; name: string }[] }>(`/${uuid}/services`);
    const cliServices = (await cli(['service', 'ls', '--format', '{{.ID}} {{.Name}}'])).trim().split('\n').sort();
    expect(services.body.data.map((s) => `${s.id.slice(0, 12)} ${s.name}`).sort()).toEqual(cliServices);
  });

  it('scales a service, as the CLI then reports', async () => {
    const scaled = await api(`/${uuid}/services/${SERVICE}/scale`, { method: 'POST', json: { replicas: 2 } });
    expect(scaled.status).toBe(200);
    expect((await cli(['service', 'inspect', SERVICE, '--format', '{{.Spec.Mode.Replicated.Replicas}}'])).trim()).toBe('2');
    const log = fx.ctx.eventRepository.list(cluster.id, { type: 'plugin', limit: 10 });
    expect(log.map((e) => `${e.action} ${e.actorName}`)).toContain(`service.scale ${SERVICE}`);
  });

  it('streams the swarm’s events live', async () => {
    fx.ctx.live.subscribe(cluster.id, (message) => messages.push(message));
    fx.ctx.live.start();
    await eventually(async () => fx.ctx.live.status(cluster.id)?.state === 'streaming', { timeoutMs: 30_000, what: 'the event stream' });
    await cli(['service', 'update', '--detach', '--label-add', 'touched=yes', SERVICE]);
    const update = await eventually(
      async () => messages.find((m) => m.kind === 'event' && m.event.type === 'service' && m.event.action === 'update' && m.event.actorName === SERVICE),
      { timeoutMs: 15_000, intervalMs: 50, what: `service update ${SERVICE}` },
    );
    expect(update).toBeTruthy();
    expect(fx.ctx.connections.serverStats()).toEqual([]);
  });

  it('is the same cluster as the node over SSH: detected again with SSH servers, both are its managers', async () => {
    for (const { node: _node, ...server } of labServers(lab)) fx.host.addServer({ teamId: fx.teamId, ...server });
    const again = await api<{ data: { uuid: string }[]; meta: { created: number } }>('/detect', { method: 'POST' });
    expect(again.body.meta.created).toBe(0);
    expect(again.body.data.map((c) => c.uuid)).toEqual([uuid]);
    const sshManager = (await fx.host.services.servers.listForTeam({ teamId: fx.teamId })).find((s) => s.name === manager().name)!;
    const managers = fx.ctx.clusters
      .servers(cluster)
      .filter((link) => link.isManager)
      .map((link) => link.serverId)
      .sort();
    expect(managers).toEqual([local.id, sshManager.id].sort());
  });

  it('fails over to the SSH manager when the socket is gone', async () => {
    const sshManager = (await fx.host.services.servers.listForTeam({ teamId: fx.teamId })).find((s) => s.name === manager().name)!;
    const socket = local.dockerSocketPath;
    // The host now says the socket is elsewhere, where nothing listens.
    local.dockerSocketPath = `${lab.dir}/no-such.sock`;
    try {
      fx.ctx.state.invalidate(cluster);
      const nodes = await api<{ data: unknown[]; meta: { stale: boolean } }>(`/${uuid}/nodes`);
      expect(nodes.status).toBe(200);
      expect(nodes.body.meta.stale).toBe(false);
      expect(fx.ctx.connections.serverStats()).toEqual([expect.objectContaining({ serverId: sshManager.id, connected: true })]);
    } finally {
      local.dockerSocketPath = socket;
    }
  });
});
