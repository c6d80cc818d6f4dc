import { describe, expect, it } from 'vitest';
import { clusterHealth, isServiceShort } from './cluster-health.ts';
import type { NodeSummary, SwarmServiceSummary } from './swarm-summaries.ts';

const node = (over: Partial<NodeSummary>): NodeSummary => ({
  id: 'n1',
  hostname: 'n1',
  role: 'worker',
  status: 'ready',
  statusMessage: null,
  availability: 'active',
  ip: '10.0.0.1',
  engineVersion: '20.10',
  os: 'linux',
  architecture: 'x86_64',
  cpuCores: 2,
  memoryBytes: 1,
  labels: {},
  isLeader: false,
  managerReachability: null,
  managerAddr: null,
  taskCount: 0,
  createdAt: null,
  updatedAt: null,
  ...over,
});
const service = (over: Partial<SwarmServiceSummary>): SwarmServiceSummary => {
  const fields = {
    id: 's1',
    name: 'web',
    image: 'busybox',
    mode: 'replicated' as const,
    replicasRunning: 2,
    replicasDesired: 2,
    ports: [],
    labels: {},
    stack: null,
    updateState: null,
    updateMessage: null,
    createdAt: null,
    updatedAt: null,
    ...over,
  };
  return { ...fields, replicasShort: isServiceShort(fields) };
};

describe('clusterHealth', () => {
  it('is healthy when every node is ready and every service has its replicas', () => {
    expect(clusterHealth({ nodes: [node({})], services: [service({})] })).toEqual({ status: 'healthy', reasons: [] });
  });

  it('is degraded by a down node, naming it', () => {
    const health = clusterHealth({ nodes: [node({}), node({ id: 'n2', hostname: 'w2', status: 'down' })], services: [] });
    expect(health.status).toBe('degraded');
    expect(health.reasons).toEqual(['node w2 is down']);
  });

  it('is degraded by an unreachable manager that still reports ready', () => {
    const health = clusterHealth({ nodes: [node({ role: 'manager', managerReachability: 'unreachable', hostname: 'm2' })], services: [] });
    expect(health.reasons).toEqual(['manager m2 is unreachable']);
  });

  it('is degraded by a service below its desired replicas (a count, not a list)', () => {
    const health = clusterHealth({ nodes: [node({})], services: [service({ replicasRunning: 1, replicasDesired: 3 })] });
    expect(health).toEqual({ status: 'degraded', reasons: ['service web has 1/3 replicas running'] });
  });

  it('does not count finished jobs as short', () => {
    expect(isServiceShort({ mode: 'replicated-job', replicasRunning: 0, replicasDesired: 1 })).toBe(false);
  });
});
