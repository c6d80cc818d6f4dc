import { describe, expect, it } from 'vitest';
import { nodeView, serviceView, taskView } from '../../test/support/swarm-views-fixture.ts';
import { overviewCounts, serviceBucket } from './cluster-overview.ts';

describe('overviewCounts', () => {
  it('counts nodes by role and the down ones', () => {
    const counts = overviewCounts({
      nodes: [nodeView({ id: 'm', role: 'manager' }), nodeView({ id: 'w1' }), nodeView({ id: 'w2', status: 'down' })],
      services: [],
      tasks: [],
    });
    expect(counts.nodes).toEqual({ total: 3, managers: 1, workers: 2, down: 1 });
  });

  it('puts every service in one bucket: updating, else failed (short or stopped update), else running', () => {
    const services = [
      serviceView({ id: 'ok', replicasRunning: 2, replicasDesired: 2 }),
      serviceView({ id: 'short', replicasRunning: 1, replicasDesired: 3 }),
      serviceView({ id: 'rolling', replicasRunning: 1, replicasDesired: 3, updateState: 'updating' }),
      serviceView({ id: 'paused', updateState: 'paused' }),
      serviceView({ id: 'job', mode: 'replicated-job', replicasRunning: 0, replicasDesired: 1 }),
      serviceView({ id: 'scaled-to-zero', replicasRunning: 0, replicasDesired: 0 }),
    ];
    expect(services.map(serviceBucket)).toEqual(['running', 'failed', 'updating', 'failed', 'running', 'running']);
    expect(overviewCounts({ nodes: [], services, tasks: [] }).services).toEqual({ total: 6, running: 3, updating: 1, failed: 2 });
  });

  it('counts running and pending tasks the swarm wants running, and failed ones it keeps', () => {
    const tasks = [
      taskView({ id: '1', serviceId: 's', state: 'running' }),
      taskView({ id: '2', serviceId: 's', state: 'preparing' }),
      taskView({ id: '3', serviceId: 's', state: 'assigned' }),
      taskView({ id: '4', serviceId: 's', state: 'failed', desiredState: 'shutdown' }),
      taskView({ id: '5', serviceId: 's', state: 'rejected', desiredState: 'shutdown' }),
      taskView({ id: '6', serviceId: 's', state: 'shutdown', desiredState: 'shutdown' }),
      // Running but being stopped (scaled down): not counted as running.
      taskView({ id: '7', serviceId: 's', state: 'running', desiredState: 'shutdown' }),
    ];
    expect(overviewCounts({ nodes: [], services: [], tasks }).tasks).toEqual({ running: 1, pending: 2, failed: 2 });
  });
});
