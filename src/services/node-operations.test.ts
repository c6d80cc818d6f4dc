import { describe, expect, it } from 'vitest';
import { hostServer, notCalled } from '../../test/support/service-fakes.ts';
import type { Principal } from '../contract/host.ts';
import type { ClusterRow } from '../db/schema.ts';
import type { EngineNode } from '../docker/index.ts';
import type { ManagerAccess } from './cluster-connections.ts';
import { ClusterUnreachableError, ServiceError } from './errors.ts';
import { findNode, managerAddress, NodeOperations } from './node-operations.ts';

const node = (id: string, hostname: string, manager?: { leader?: boolean; reachability?: string; addr?: string }): EngineNode => ({
  ID: id,
  Version: { Index: 1 },
  CreatedAt: '',
  UpdatedAt: '',
  Spec: { Role: manager ? 'manager' : 'worker', Availability: 'active', Labels: {} },
  Description: { Hostname: hostname, Resources: { NanoCPUs: 1e9, MemoryBytes: 1024 ** 3 }, Engine: { EngineVersion: '24.0.7' } },
  Status: { State: 'ready', Addr: '10.0.0.9' },
  ...(manager
    ? { ManagerStatus: { Leader: manager.leader ?? false, Reachability: manager.reachability ?? 'reachable', Addr: manager.addr ?? '10.0.0.1:2377' } }
    : {}),
});

describe('findNode', () => {
  const nodes = [node('a1', 'web-1'), node('b2', 'web-2'), node('c3', 'web-2')];

  it('finds by id, or by a hostname only one node has', () => {
    expect(findNode(nodes, 'b2').ID).toBe('b2');
    expect(findNode(nodes, 'web-1').ID).toBe('a1');
  });

  it('asks for the id when a hostname is shared (a machine that rejoined), and says an unknown node is not found', () => {
    expect(() => findNode(nodes, 'web-2')).toThrow(/2 nodes are named web-2: give the node id/);
    expect(() => findNode(nodes, 'nope')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});

describe('managerAddress', () => {
  it('prefers the leader, skips unreachable managers and adds the swarm port when missing', () => {
    const nodes = [node('m1', 'm1', { addr: '10.0.0.1:2377' }), node('m2', 'm2', { leader: true, addr: '10.0.0.2:2377' }), node('w', 'w')];
    expect(managerAddress(nodes)).toBe('10.0.0.2:2377');
    expect(managerAddress([node('m1', 'm1', { reachability: 'unreachable', addr: '10.0.0.1:2377' }), node('m3', 'm3', { addr: '10.0.0.3' })])).toBe(
      '10.0.0.3:2377',
    );
    expect(() => managerAddress([node('w', 'w')])).toThrow(ServiceError);
  });
});

describe('NodeOperations.joinCommand', () => {
  const principal = { email: 'admin@example.test' } as Principal;
  const noAnswer = async () => Promise.reject(new ClusterUnreachableError(['m1 (10.0.0.1): timeout']));
  const unreachable: ManagerAccess = { withManager: noAnswer, read: noAnswer };
  const host = {
    crypto: { decrypt: async ({ ciphertext }: { ciphertext: string }) => ciphertext.replace(/^enc:/, '') },
    servers: { get: async () => hostServer('s1', { ip: '10.0.0.1', swarmManager: true }) },
  };
  const recorded: unknown[] = [];
  const log = { record: (_c: unknown, _p: unknown, op: unknown) => void recorded.push(op) };
  const ops = new NodeOperations(
    host,
    unreachable,
    { listForCluster: notCalled('clusterServers.listForCluster'), link: notCalled('clusterServers.link') },
    { invalidate: notCalled('state.invalidate') },
    { sync: notCalled('sync.sync') },
    log,
  );

  it('falls back to the token stored at the last sync when no manager answers, saying so', async () => {
    const cluster = {
      id: 1,
      teamId: 't',
      managerServerId: 's1',
      joinTokenWorker: 'enc:SWMTKN-1-worker',
      joinTokenManager: 'enc:SWMTKN-1-manager',
    } as ClusterRow;
    const join = await ops.joinCommand(cluster, principal, 'manager');
    expect(join).toMatchObject({ token: 'SWMTKN-1-manager', managerAddr: '10.0.0.1:2377', stale: true });
    expect(join.args).toEqual(['docker', 'swarm', 'join', '--token', 'SWMTKN-1-manager', '10.0.0.1:2377']);
    // The record says who asked for which role, never the token.
    expect(JSON.stringify(recorded)).not.toContain('SWMTKN');
  });

  it('reports the cluster unreachable when nothing is stored', async () => {
    const cluster = { id: 1, teamId: 't', managerServerId: 's1', joinTokenWorker: null, joinTokenManager: null } as ClusterRow;
    await expect(ops.joinCommand(cluster, principal, 'worker')).rejects.toBeInstanceOf(ClusterUnreachableError);
  });
});
