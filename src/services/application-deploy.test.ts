/**
 * Deploying through the host's own deployer (contract 1.3's `applications.deploySwarm`): the checked settings go
 * to the host, and the plugin writes nothing on the swarm. The plugin's own deploy is tested on the lab
 * (test/application-deploy.lab.test.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { hostServer, notCalled } from '../../test/support/service-fakes.ts';
import type { HostApplication, HostServices, Principal } from '../contract/host.ts';
import type { ClusterRow } from '../db/schema.ts';
import { NodeSchema } from '../docker/index.ts';
import { DEFAULT_SWARM_SETTINGS, type SwarmSettings } from '../domain/swarm-deploy-config.ts';
import { ApplicationDeploy, type DeployClient, PlacementRefusedError } from './application-deploy.ts';
import type { ManagerAccess } from './cluster-connections.ts';
import type { Operation } from './operation-log.ts';

const nodes = z.array(NodeSchema).parse(JSON.parse(readFileSync(new URL('../docker/fixtures/nodes.json', import.meta.url), 'utf8')));
const at = '2026-12-06T00:00:00.000Z';
const cluster: ClusterRow = {
  id: 7,
  uuid: 'c-7',
  teamId: 'team',
  name: 'prod',
  description: null,
  type: 'swarm',
  status: 'healthy',
  statusReason: null,
  statusChangedAt: null,
  managerServerId: 'srv-1',
  swarmId: 'swarm-1',
  metadata: null,
  joinTokenWorker: null,
  joinTokenManager: null,
  settings: null,
  createdAt: at,
  updatedAt: at,
};
const application: HostApplication = { uuid: 'app-1', teamId: 'team', name: 'web', serverId: 'srv-1', image: 'nginx:1', command: null, swarmSettings: null };
const principal: Principal = { userId: 'u', teamId: 'team', role: 'owner', email: 'owner@example.test', abilities: ['read', 'write'], via: 'session' };

/** Reads answer the fixture's nodes; the client's writes fail the test if the plugin deploys itself. */
const managers: ManagerAccess<DeployClient> = {
  read: async (_cluster, fn) =>
    fn(
      { listNodes: async () => nodes, request: notCalled('request'), inspectService: notCalled('inspectService'), modifyService: notCalled('modifyService') },
      hostServer('srv-1', { swarmManager: true }),
    ),
  withManager: notCalled('withManager'),
};

function deployWith(deploySwarm: HostServices['applications']['deploySwarm']) {
  const handed: { application: HostApplication; settings: Record<string, unknown>; principal: Principal }[] = [];
  const logged: Operation[] = [];
  const invalidated: string[][] = [];
  const applications: HostServices['applications'] = {
    listForTeam: notCalled('listForTeam'),
    get: notCalled('get'),
    saveSwarmSettings: notCalled('saveSwarmSettings'),
    ...(deploySwarm
      ? {
          async deploySwarm(opts) {
            handed.push(opts);
            return deploySwarm(opts);
          },
        }
      : {}),
  };
  const deploys = new ApplicationDeploy(
    { applications, servers: { listForTeam: notCalled('listForTeam'), get: notCalled('get'), privateKey: notCalled('privateKey') } },
    { findById: (id) => (id === cluster.id ? cluster : undefined) },
    {
      findByServer: (serverId) =>
        serverId === 'srv-1' ? { id: 1, clusterId: cluster.id, serverId, isManager: true, nodeId: null, createdAt: at, updatedAt: at } : undefined,
    },
    managers,
    { rawNodes: notCalled('rawNodes'), invalidate: (_c, resources) => void invalidated.push(resources ?? []) },
    { record: (_c, _p, operation) => void logged.push(operation) },
    { deployForm: false, taskLabel: 'com.example.app' },
  );
  return { deploys, handed, logged, invalidated };
}

describe('ApplicationDeploy with the host’s own deployer', () => {
  it('hands the checked settings, with their compose mapping, to the host and writes nothing on the swarm', async () => {
    const { deploys, handed, logged, invalidated } = deployWith(async () => ({ message: 'deployment #12 queued', link: '/deployments/12' }));
    const settings: SwarmSettings = { ...DEFAULT_SWARM_SETTINGS, replicas: 3 };
    const outcome = await deploys.deploy(principal, application, settings);
    expect(outcome).toEqual({ by: 'host', cluster: { uuid: 'c-7', name: 'prod' }, outcome: { message: 'deployment #12 queued', link: '/deployments/12' } });
    expect(handed).toHaveLength(1);
    expect(handed[0]!.application).toBe(application);
    expect(handed[0]!.principal).toBe(principal);
    expect(handed[0]!.settings).toMatchObject({ mode: 'replicated', replicas: 3, compose: { deploy: { mode: 'replicated', replicas: 3 } } });
    expect(logged).toEqual([
      {
        action: 'application.deploy-host',
        actorId: 'app-1',
        actorName: 'web',
        attributes: { application: 'app-1', applicationName: 'web', message: 'deployment #12 queued' },
      },
    ]);
    expect(invalidated).toEqual([['services', 'tasks', 'info']]);
  });

  it('refuses settings no node satisfies before handing them over', async () => {
    const { deploys, handed } = deployWith(async () => ({ message: 'queued' }));
    const settings: SwarmSettings = { ...DEFAULT_SWARM_SETTINGS, constraints: [{ field: 'node.hostname', operator: '==', value: 'no-such-node' }] };
    await expect(deploys.deploy(principal, application, settings)).rejects.toBeInstanceOf(PlacementRefusedError);
    expect(handed).toEqual([]);
  });

  it('finds the application’s services by the configured label', () => {
    const { deploys } = deployWith(undefined);
    expect(deploys.offersForm).toBe(false);
    expect(deploys.runs({ labels: { 'com.example.app': 'app-1' } }, 'app-1')).toBe(true);
    expect(deploys.runs({ labels: { 'com.docker.stack.namespace': 'app-1' } }, 'app-1')).toBe(false);
  });
});
