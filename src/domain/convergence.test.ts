import { describe, expect, it } from 'vitest';
import { swarmServiceSummary, taskSummary } from '../../test/support/swarm-summaries-fixture.ts';
import { isConverging } from './convergence.ts';

const web = swarmServiceSummary({ id: 'web', replicasDesired: 2, replicasRunning: 2 });
const running = (id: string, patch = {}) => taskSummary({ id, serviceId: 'web', state: 'running', ...patch });

describe('isConverging', () => {
  it('is false when every service has its tasks running', () => {
    expect(isConverging({ services: [web], tasks: [running('a'), running('b'), running('old', { desiredState: 'shutdown', state: 'shutdown' })] })).toBe(false);
  });

  it('is true while a scale has not created every task yet', () => {
    expect(isConverging({ services: [{ ...web, replicasDesired: 3 }], tasks: [running('a'), running('b')] })).toBe(true);
  });

  it('is true while a task is on its way to running, or still running but asked to stop', () => {
    expect(isConverging({ services: [web], tasks: [running('a'), running('b', { state: 'preparing' })] })).toBe(true);
    expect(isConverging({ services: [web], tasks: [running('a'), running('b'), running('c', { desiredState: 'shutdown' })] })).toBe(true);
    expect(isConverging({ services: [web], tasks: [running('a'), running('b', { state: 'ready', desiredState: 'ready' })] })).toBe(true);
  });

  it('is true during a rolling update', () => {
    expect(isConverging({ services: [{ ...web, updateState: 'updating' }], tasks: [running('a'), running('b')] })).toBe(true);
  });

  it('is false for tasks waiting for a node that fits (pending can last for good) and for jobs', () => {
    const gpu = swarmServiceSummary({ id: 'gpu', replicasDesired: 1, replicasRunning: 0 });
    const job = swarmServiceSummary({ id: 'job', mode: 'replicated-job', replicasDesired: 3, replicasRunning: 0 });
    expect(isConverging({ services: [gpu, job], tasks: [taskSummary({ id: 'p', serviceId: 'gpu', state: 'pending' })] })).toBe(false);
  });
});
