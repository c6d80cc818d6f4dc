import { describe, expect, it } from 'vitest';
import type { EngineNode } from '../docker/schemas.ts';
import { type PlacementNode, placementNodes, preflightPlacement } from './placement-preflight.ts';
import { DEFAULT_SWARM_SETTINGS, type SwarmSettings } from './swarm-deploy-config.ts';

function engineNode(o: {
  id: string;
  hostname: string;
  role: 'manager' | 'worker';
  labels?: Record<string, string>;
  state?: string;
  availability?: 'active' | 'pause' | 'drain';
}): EngineNode {
  return {
    ID: o.id,
    Version: { Index: 1 },
    CreatedAt: '2026-11-27T10:00:00Z',
    UpdatedAt: '2026-11-27T10:00:00Z',
    Spec: { Labels: o.labels ?? {}, Role: o.role, Availability: o.availability ?? 'active' },
    Description: {
      Hostname: o.hostname,
      Platform: { OS: 'linux', Architecture: 'x86_64' },
      Resources: { NanoCPUs: 2e9, MemoryBytes: 4 * 1024 ** 3 },
      Engine: { EngineVersion: '20.10.24', Labels: { disk: 'ssd' } },
    },
    Status: { State: o.state ?? 'ready', Addr: '10.0.0.1' },
  };
}

const nodes: PlacementNode[] = placementNodes([
  engineNode({ id: 'id-m1', hostname: 'm1', role: 'manager', labels: { zone: 'a' } }),
  engineNode({ id: 'id-w1', hostname: 'w1', role: 'worker', labels: { zone: 'a' } }),
  engineNode({ id: 'id-w2', hostname: 'w2', role: 'worker', labels: { zone: 'b' } }),
  engineNode({ id: 'id-w3', hostname: 'w3', role: 'worker', availability: 'drain' }),
]);

function settings(patch: (s: SwarmSettings) => void): SwarmSettings {
  const s = structuredClone(DEFAULT_SWARM_SETTINGS);
  patch(s);
  return s;
}

const names = (list: PlacementNode[]) => list.map((n) => n.hostname);

describe('placement preflight', () => {
  it('reads what it needs from the engine’s nodes', () => {
    expect(nodes[0]).toEqual({
      id: 'id-m1',
      hostname: 'm1',
      role: 'manager',
      status: 'ready',
      availability: 'active',
      labels: { zone: 'a' },
      engineLabels: { disk: 'ssd' },
      platform: { os: 'linux', arch: 'x86_64' },
      nanoCpus: 2e9,
      memoryBytes: 4 * 1024 ** 3,
    });
  });

  it('matches every schedulable node without constraints, and says why a drained one is not', () => {
    const result = preflightPlacement(DEFAULT_SWARM_SETTINGS, nodes);
    expect(names(result.matching)).toEqual(['m1', 'w1', 'w2']);
    expect(result.nodes.find((v) => v.node.hostname === 'w3')?.reasons).toEqual(['its availability is drain']);
    expect(result.problem).toBeNull();
  });

  it('applies worker-only and label constraints like swarmkit, with a reason per node', () => {
    const result = preflightPlacement(
      settings((s) => {
        s.workerOnly = true;
        s.constraints = [{ field: 'node.labels.zone', operator: '==', value: 'A' }];
      }),
      nodes,
    );
    expect(names(result.matching)).toEqual(['w1']);
    const reasons = Object.fromEntries(result.nodes.map((v) => [v.node.hostname, v.reasons]));
    expect(reasons.m1).toEqual(['node.role == worker: it is manager']);
    expect(reasons.w2).toEqual(['node.labels.zone == A: it is b']);
    expect(reasons.w3).toEqual(['its availability is drain', 'node.labels.zone == A: it has no label zone']);
    expect(result.warnings).toEqual([]);
  });

  it('treats a missing label as empty: != matches it', () => {
    const result = preflightPlacement(
      settings((s) => s.constraints.push({ field: 'node.labels.zone', operator: '!=', value: 'a' })),
      nodes,
    );
    expect(names(result.matching)).toEqual(['w2']);
    expect(result.nodes.find((v) => v.node.hostname === 'm1')?.reasons).toEqual(['node.labels.zone != a: it is a']);
  });

  it('warns beside a constraint naming a node or label that does not exist, and reports that nothing matches', () => {
    const result = preflightPlacement(
      settings((s) => {
        s.constraints = [
          { field: 'node.hostname', operator: '==', value: 'w9' },
          { field: 'node.labels.zone', operator: '==', value: 'c' },
          { field: 'node.labels.gpu', operator: '==', value: 'yes' },
          { field: 'engine.labels.disk', operator: '==', value: 'ssd' },
        ];
      }),
      nodes,
    );
    expect(result.matching).toEqual([]);
    expect(result.problem).toBe('no node can run this service now: its tasks would stay pending');
    expect(result.warnings).toEqual([
      { index: 0, message: 'no node is called w9 (nodes: m1, w1, w2, w3)' },
      { index: 1, message: 'no node has zone=c (values in use: a, b)' },
      { index: 2, message: 'no node has the node label gpu' },
    ]);
  });

  it('refuses nodes too small for the reservations', () => {
    const result = preflightPlacement(
      settings((s) => {
        s.resources.reservations = { cpus: '3', memory: '8G' };
      }),
      nodes,
    );
    expect(result.matching).toEqual([]);
    expect(result.nodes[0]?.reasons).toEqual(['it has 2 CPUs, a task reserves 3', 'it has 4G of memory, a task reserves 8G']);
  });

  it('says so when the cluster has no nodes', () => {
    expect(preflightPlacement(DEFAULT_SWARM_SETTINGS, []).problem).toBe('the cluster reports no nodes');
  });
});
