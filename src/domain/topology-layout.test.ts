import { describe, expect, it } from 'vitest';
import { generatedSwarm, nodeSummary } from '../../test/support/swarm-summaries-fixture.ts';
import { topologyLayout, WORKERS_PER_ROW } from './topology-layout.ts';

describe('topologyLayout', () => {
  it('puts the leader alone on top, the other managers below it, workers underneath', () => {
    const layout = topologyLayout([
      nodeSummary({ id: 'w1' }),
      nodeSummary({ id: 'm2', role: 'manager' }),
      nodeSummary({ id: 'm1', role: 'manager', isLeader: true }),
      nodeSummary({ id: 'm3', role: 'manager' }),
    ]);
    const y = Object.fromEntries(layout.nodes.map((n) => [n.id, n.y]));
    expect(y.m1).toBeLessThan(y.m2!);
    expect(y.m2).toBe(y.m3);
    expect(y.w1).toBeGreaterThan(y.m2!);
    expect(layout.nodes.find((n) => n.id === 'm1')!.isLeader).toBe(true);
    // Leader to each manager, and the managers' row chained.
    expect(layout.links).toEqual([
      { from: 'm1', to: 'm2' },
      { from: 'm1', to: 'm3' },
      { from: 'm2', to: 'm3' },
    ]);
  });

  it('sizes nodes by task count and flags the down ones', () => {
    const layout = topologyLayout([
      nodeSummary({ id: 'a', role: 'manager', isLeader: true, taskCount: 0 }),
      nodeSummary({ id: 'b', taskCount: 4 }),
      nodeSummary({ id: 'c', taskCount: 16, status: 'down' }),
    ]);
    const [a, b, c] = ['a', 'b', 'c'].map((id) => layout.nodes.find((n) => n.id === id)!);
    expect(a!.r).toBeLessThan(b!.r);
    expect(b!.r).toBeLessThan(c!.r);
    expect(c!.down).toBe(true);
    expect(b!.down).toBe(false);
  });

  it('lays 20 nodes out in rows without overlap, inside the drawing', () => {
    const { nodes } = generatedSwarm(20, 500);
    const layout = topologyLayout(nodes);
    expect(layout.nodes).toHaveLength(20);
    const rows = new Set(layout.nodes.map((n) => n.y));
    // leader, 2 managers, 17 workers in rows of WORKERS_PER_ROW.
    expect(rows.size).toBe(2 + Math.ceil(17 / WORKERS_PER_ROW));
    const spots = new Set(layout.nodes.map((n) => `${n.x},${n.y}`));
    expect(spots.size).toBe(20);
    for (const n of layout.nodes) {
      expect(n.x - n.r).toBeGreaterThanOrEqual(0);
      expect(n.x + n.r).toBeLessThanOrEqual(layout.width);
      expect(n.y + n.r).toBeLessThanOrEqual(layout.height);
    }
  });

  it('draws a swarm without managers (all of them unknown) without failing', () => {
    const layout = topologyLayout([nodeSummary({ id: 'w' })]);
    expect(layout.nodes).toHaveLength(1);
    expect(layout.links).toEqual([]);
  });
});
