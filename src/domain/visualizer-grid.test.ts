import { describe, expect, it } from 'vitest';
import { nodeView, taskView } from '../../test/support/swarm-views-fixture.ts';
import { visualizerColumns } from './visualizer-grid.ts';

describe('visualizerColumns', () => {
  const nodes = [
    nodeView({ id: 'w2', hostname: 'beta' }),
    nodeView({ id: 'w1', hostname: 'alpha' }),
    nodeView({ id: 'm2', hostname: 'zeta', role: 'manager' }),
    nodeView({ id: 'm1', hostname: 'omega', role: 'manager', isLeader: true }),
  ];

  it('orders columns leader, managers, workers by hostname', () => {
    expect(visualizerColumns(nodes, []).map((c) => c.node?.id)).toEqual(['m1', 'm2', 'w1', 'w2']);
  });

  it('orders hostnames naturally (node-2 before node-10)', () => {
    const named = ['node-10', 'node-2', 'node-1'].map((hostname) => nodeView({ id: hostname, hostname }));
    expect(visualizerColumns(named, []).map((c) => c.node?.hostname)).toEqual(['node-1', 'node-2', 'node-10']);
  });

  it('places wanted tasks on their node, by service and slot, and the rest in an unplaced column', () => {
    const tasks = [
      taskView({ id: 't3', serviceId: 's', serviceName: 'web', slot: 2, nodeId: 'w1' }),
      taskView({ id: 't1', serviceId: 's', serviceName: 'web', slot: 1, nodeId: 'w1' }),
      taskView({ id: 't0', serviceId: 'a', serviceName: 'api', slot: 1, nodeId: 'w1' }),
      taskView({ id: 'held', serviceId: 'a', serviceName: 'api', slot: 2, nodeId: 'w1', state: 'ready', desiredState: 'ready' }),
      taskView({ id: 'old', serviceId: 's', serviceName: 'web', slot: 1, nodeId: 'w1', state: 'shutdown', desiredState: 'shutdown' }),
      taskView({ id: 'pending', serviceId: 's', serviceName: 'web', slot: 3, nodeId: null, state: 'pending' }),
      taskView({ id: 'gone', serviceId: 's', serviceName: 'web', slot: 4, nodeId: 'removed-node' }),
    ];
    const columns = visualizerColumns(nodes, tasks);
    expect(columns.find((c) => c.node?.id === 'w1')!.tasks.map((t) => t.id)).toEqual(['t0', 'held', 't1', 't3']);
    const last = columns.at(-1)!;
    expect(last.node).toBeNull();
    expect(last.tasks.map((t) => t.id)).toEqual(['pending', 'gone']);
  });
});
