/**
 * The lab demo of `npm start`: a real 3-node swarm (reused when already running), its nodes
 * registered as servers of the owner's team, the cluster detected through the plugin's API, and a
 * demo workload (a stack, a global service, a replicated service, and an application of this panel
 * deployed as a stack) so every page has something real to show. `LAB=0` skips it.
 */
import { eq } from 'drizzle-orm';
import { LAB_IMAGE, type LabState, labDocker, labServers, labStackCompose, labSupported, labUp, runningLab } from '../lab/lab.ts';
import type { HostApp } from './app.ts';
import { apiTokens } from './db/schema.ts';
import { createApiToken } from './store/accounts.ts';
import { createApplication, listApplications } from './store/applications.ts';
import { createServer, listServers } from './store/servers.ts';

const DEMO_APP = 'hello-swarm';

export async function setUpLab(host: HostApp): Promise<void> {
  const log = host.services.logger;
  const supported = labSupported();
  if (!supported.ok) {
    log.warn('lab swarm skipped', { reason: supported.reason });
    return;
  }
  if (!host.owner) throw new Error('the lab demo needs the bootstrap owner');
  const lab = (await runningLab()) ?? (await labUp({ nodes: 3, managers: 1 }));
  log.info('lab swarm up', { nodes: lab.nodes.map((n) => `${n.name} ${n.ip} ${n.role}`).join(', ') });

  const teamId = host.owner.teamId;
  const known = new Set(listServers(host.db, teamId).map((s) => s.ip));
  for (const { node: _node, ...server } of labServers(lab).filter((s) => !known.has(s.ip))) {
    createServer(host.db, host.cipher, { teamId, ...server, dockerSocketPath: '/var/run/docker.sock' });
  }

  await deployDemoWorkload(host, lab, teamId);
  await waitForConvergence(lab);
  await detectThroughApi(host);
  log.info('lab demo ready: open Clusters in the sidebar');
}

async function deployDemoWorkload(host: HostApp, lab: LabState, teamId: string): Promise<void> {
  const manager = lab.nodes.find((n) => n.role === 'manager')!;
  const docker = (args: string[], input?: string) => labDocker(lab, manager.name, args, input ? { input } : undefined);
  const existing = new Set((await docker(['service', 'ls', '--format', '{{.Name}}'])).split('\n').filter(Boolean));

  if (!existing.has('demo_web')) {
    await docker(
      ['stack', 'deploy', '--compose-file', '-', 'demo'],
      labStackCompose({ web: { replicas: 2, command: 'httpd -f -p 8080' }, worker: { replicas: 1, command: 'sleep 86400' } }),
    );
  }
  if (!existing.has('node-agent')) {
    await docker(['service', 'create', '--detach', '--name', 'node-agent', '--mode', 'global', LAB_IMAGE, 'sleep', '86400']);
  }
  if (!existing.has('api')) {
    await docker(['service', 'create', '--detach', '--name', 'api', '--replicas', '3', '--label', 'tier=backend', LAB_IMAGE, 'sleep', '86400']);
  }

  const managerServer = listServers(host.db, teamId).find((s) => s.ip === manager.ip)!;
  const app =
    listApplications(host.db, teamId).find((a) => a.name === DEMO_APP) ?? createApplication(host.db, { teamId, name: DEMO_APP, serverId: managerServer.id });
  if (!existing.has(`${app.uuid}_app`)) {
    await docker(['stack', 'deploy', '--compose-file', '-', app.uuid], labStackCompose({ app: { replicas: 2, command: 'sleep 86400' } }));
  }
}

/** Waits (bounded) until every demo service runs its desired replicas, so the first sync finds a healthy cluster. */
async function waitForConvergence(lab: LabState): Promise<void> {
  const manager = lab.nodes.find((n) => n.role === 'manager')!;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const replicas = (await labDocker(lab, manager.name, ['service', 'ls', '--format', '{{.Replicas}}'])).split('\n').filter(Boolean);
    if (replicas.every((r) => /^(\d+)\/\1\b/.test(r))) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Detection runs through the plugin's own API, as an operator's script would, with a token minted for it. */
async function detectThroughApi(host: HostApp): Promise<void> {
  const { id, token } = createApiToken(host.db, { userId: host.owner!.userId, abilities: ['read', 'write'] });
  try {
    const res = await host.app.request('/api/v1/clusters/detect', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`cluster detection failed: HTTP ${res.status} ${await res.text()}`);
  } finally {
    host.db.delete(apiTokens).where(eq(apiTokens.id, id)).run();
  }
}
