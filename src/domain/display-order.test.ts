import { describe, expect, it } from 'vitest';
import { nodeSummary, swarmServiceSummary, taskSummary } from '../../test/support/swarm-summaries-fixture.ts';
import { nodesInTableOrder, servicesByName, tasksInTableOrder } from './display-order.ts';

describe('display order', () => {
  it('lists the leader, then managers, then workers, by hostname in natural order', () => {
    const nodes = [
      nodeSummary({ id: 'w10', hostname: 'worker-10' }),
      nodeSummary({ id: 'w2', hostname: 'worker-2' }),
      nodeSummary({ id: 'm2', hostname: 'manager-2', role: 'manager' }),
      nodeSummary({ id: 'lead', hostname: 'zz-leader', role: 'manager', isLeader: true }),
    ];
    expect(nodesInTableOrder(nodes).map((n) => n.id)).toEqual(['lead', 'm2', 'w2', 'w10']);
  });

  it('lists services by name in natural order', () => {
    expect(servicesByName([swarmServiceSummary({ id: 'b', name: 'app-10' }), swarmServiceSummary({ id: 'a', name: 'app-9' })]).map((s) => s.id)).toEqual([
      'a',
      'b',
    ]);
  });

  it('lists tasks the swarm wants running first, then by service and slot', () => {
    const tasks = [
      taskSummary({ id: 'old', serviceId: 's1', serviceName: 'web', slot: 1, desiredState: 'shutdown', state: 'shutdown' }),
      taskSummary({ id: 'web-2', serviceId: 's1', serviceName: 'web', slot: 2 }),
      taskSummary({ id: 'api-1', serviceId: 's2', serviceName: 'api', slot: 1 }),
      taskSummary({ id: 'web-1', serviceId: 's1', serviceName: 'web', slot: 1 }),
    ];
    expect(tasksInTableOrder(tasks).map((t) => t.id)).toEqual(['api-1', 'web-1', 'web-2', 'old']);
  });
});
