import { describe, expect, it } from 'vitest';
import { nodeSummary, taskSummary } from '../../test/support/swarm-summaries-fixture.ts';
import { findTaskGroup, gridFilterOptions, taskGroupKey, visualizerColumns } from './visualizer-grid.ts';

describe('visualizerColumns', () => {
  const nodes = [
    nodeSummary({ id: 'w2', hostname: 'beta' }),
    nodeSummary({ id: 'w1', hostname: 'alpha' }),
    nodeSummary({ id: 'm2', hostname: 'zeta', role: 'manager' }),
    nodeSummary({ id: 'm1', hostname: 'omega', role: 'manager', isLeader: true }),
  ];

  it('orders columns leader, managers, workers by hostname', () => {
    expect(visualizerColumns(nodes, []).map((c) => c.node?.id)).toEqual(['m1', 'm2', 'w1', 'w2']);
  });

  it('offers every column’s node to the node filter, in column order, and the services and states of every column', () => {
    const tasks = [
      taskSummary({ id: 't1', serviceId: 's', serviceName: 'web', nodeId: 'w2' }),
      taskSummary({ id: 't2', serviceId: 'a', serviceName: 'api', nodeId: null, state: 'pending' }),
    ];
    expect(gridFilterOptions(visualizerColumns(nodes, tasks))).toEqual({
      services: ['api', 'web'],
      kinds: ['running', 'pending'],
      nodes: [
        { id: 'm1', hostname: 'omega' },
        { id: 'm2', hostname: 'zeta' },
        { id: 'w1', hostname: 'alpha' },
        { id: 'w2', hostname: 'beta' },
      ],
    });
  });

  it('orders hostnames naturally (node-2 before node-10)', () => {
    const named = ['node-10', 'node-2', 'node-1'].map((hostname) => nodeSummary({ id: hostname, hostname }));
    expect(visualizerColumns(named, []).map((c) => c.node?.hostname)).toEqual(['node-1', 'node-2', 'node-10']);
  });

  it('places wanted tasks on their node, by service and slot, and the rest in an unplaced column', () => {
    const tasks = [
      taskSummary({ id: 't3', serviceId: 's', serviceName: 'web', slot: 2, nodeId: 'w1' }),
      taskSummary({ id: 't1', serviceId: 's', serviceName: 'web', slot: 1, nodeId: 'w1' }),
      taskSummary({ id: 't0', serviceId: 'a', serviceName: 'api', slot: 1, nodeId: 'w1' }),
      taskSummary({ id: 'held', serviceId: 'a', serviceName: 'api', slot: 2, nodeId: 'w1', state: 'ready', desiredState: 'ready' }),
      taskSummary({ id: 'old', serviceId: 's', serviceName: 'web', slot: 1, nodeId: 'w1', state: 'shutdown', desiredState: 'shutdown' }),
      taskSummary({ id: 'pending', serviceId: 's', serviceName: 'web', slot: 3, nodeId: null, state: 'pending' }),
      taskSummary({ id: 'gone', serviceId: 's', serviceName: 'web', slot: 4, nodeId: 'removed-node' }),
    ];
    const columns = visualizerColumns(nodes, tasks);
    expect(columns.find((c) => c.node?.id === 'w1')!.tasks.map((t) => t.id)).toEqual(['t0', 'held', 't1', 't3']);
    const last = columns.at(-1)!;
    expect(last.node).toBeNull();
    expect(last.tasks.map((t) => t.id)).toEqual(['pending', 'gone']);
  });

  it('draws the tasks of a column one by one while it holds few', () => {
    const tasks = [1, 2, 3].map((slot) => taskSummary({ id: `t${slot}`, serviceId: 's', serviceName: 'web', slot, nodeId: 'w1' }));
    const column = visualizerColumns(nodes, tasks, { collapseOver: 3 }).find((c) => c.node?.id === 'w1')!;
    expect(column.items.map((i) => (i.kind === 'task' ? i.task.id : i.kind))).toEqual(['t1', 't2', 't3']);
  });

  describe('a column holding many tasks', () => {
    const tasks = [
      ...[1, 2, 3].map((slot) => taskSummary({ id: `web${slot}`, serviceId: 's', serviceName: 'web', slot, nodeId: 'w1' })),
      taskSummary({ id: 'web4', serviceId: 's', serviceName: 'web', slot: 4, nodeId: 'w1', state: 'pending' }),
      taskSummary({ id: 'api1', serviceId: 'a', serviceName: 'api', slot: 1, nodeId: 'w1' }),
      ...[1, 2].map((slot) => taskSummary({ id: `lone${slot}`, serviceId: 'l', serviceName: 'lone', slot, nodeId: null })),
    ];

    it('groups each service’s tasks of one state, leaving single tasks as they are', () => {
      const column = visualizerColumns(nodes, tasks, { collapseOver: 3 }).find((c) => c.node?.id === 'w1')!;
      expect(column.tasks).toHaveLength(5);
      expect(column.items).toEqual([
        { kind: 'task', task: tasks[4] },
        { kind: 'group', expanded: false, group: { key: 'w1/s/running', serviceName: 'web', stateKind: 'running', tasks: tasks.slice(0, 3) } },
        { kind: 'task', task: tasks[3] },
      ]);
    });

    it('expands the groups asked for, in every column, the unplaced one too', () => {
      const expanded = new Set(['w1/s/running', '/l/running']);
      const columns = visualizerColumns(nodes, tasks, { collapseOver: 1, expanded });
      expect(columns.find((c) => c.node?.id === 'w1')!.items[1]).toMatchObject({ kind: 'group', expanded: true });
      expect(columns.at(-1)!.items).toMatchObject([{ kind: 'group', expanded: true, group: { key: '/l/running' } }]);
    });

    it('finds one group again by its key, and nothing for a key no task has now', () => {
      expect(findTaskGroup(nodes, tasks, taskGroupKey(tasks[0]!, 'w1'))?.tasks.map((t) => t.id)).toEqual(['web1', 'web2', 'web3']);
      expect(findTaskGroup(nodes, tasks, '/l/running')?.tasks).toHaveLength(2);
      expect(findTaskGroup(nodes, tasks, 'w2/s/running')).toBeNull();
    });
  });
});
