import { describe, expect, it } from 'vitest';
import { nodeSummary, swarmServiceSummary, taskSummary } from '../../test/support/swarm-summaries-fixture.ts';
import { overviewCounts, serviceBucket } from './cluster-overview.ts';

describe('overviewCounts', () => {
  it('counts nodes by role and the down ones', () => {
    const counts = overviewCounts({
      nodes: [nodeSummary({ id: 'm', role: 'manager' }), nodeSummary({ id: 'w1' }), nodeSummary({ id: 'w2', status: 'down' })],
      services: [],
      tasks: [],
    });
    expect(counts.nodes).toEqual({ total: 3, managers: 1, workers: 2, down: 1 });
  });

  it('puts every service in one bucket: updating, else failed (short or stopped update), else running', () => {
    const services = [
      swarmServiceSummary({ id: 'ok', replicasRunning: 2, replicasDesired: 2 }),
      swarmServiceSummary({ id: 'short', replicasRunning: 1, replicasDesired: 3 }),
      swarmServiceSummary({ id: 'rolling', replicasRunning: 1, replicasDesired: 3, updateState: 'updating' }),
      swarmServiceSummary({ id: 'paused', updateState: 'paused' }),
      swarmServiceSummary({ id: 'job', mode: 'replicated-job', replicasRunning: 0, replicasDesired: 1 }),
      swarmServiceSummary({ id: 'scaled-to-zero', replicasRunning: 0, replicasDesired: 0 }),
    ];
    expect(services.map(serviceBucket)).toEqual(['running', 'failed', 'updating', 'failed', 'running', 'running']);
    expect(overviewCounts({ nodes: [], services, tasks: [] }).services).toEqual({ total: 6, running: 3, updating: 1, failed: 2 });
  });

  it('counts running and pending tasks the swarm wants running, and failed ones it keeps', () => {
    const tasks = [
      taskSummary({ id: '1', serviceId: 's', state: 'running' }),
      taskSummary({ id: '2', serviceId: 's', state: 'preparing' }),
      taskSummary({ id: '3', serviceId: 's', state: 'assigned' }),
      taskSummary({ id: '4', serviceId: 's', state: 'failed', desiredState: 'shutdown' }),
      taskSummary({ id: '5', serviceId: 's', state: 'rejected', desiredState: 'shutdown' }),
      taskSummary({ id: '6', serviceId: 's', state: 'shutdown', desiredState: 'shutdown' }),
      // Running but being stopped (scaled down): not counted as running.
      taskSummary({ id: '7', serviceId: 's', state: 'running', desiredState: 'shutdown' }),
    ];
    expect(overviewCounts({ nodes: [], services: [], tasks }).tasks).toEqual({ running: 1, pending: 2, failed: 2 });
  });
});
