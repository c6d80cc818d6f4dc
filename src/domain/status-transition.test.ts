import { describe, expect, it } from 'vitest';
import { statusTransitionNotification } from './status-transition.ts';

const base = { clusterName: 'prod', clusterUuid: 'u1', reasons: ['node w2 is down'] };

describe('statusTransitionNotification', () => {
  it('fires once per transition, not on every sync', () => {
    expect(statusTransitionNotification({ ...base, from: 'healthy', to: 'degraded' })?.event).toBe('cluster.degraded');
    expect(statusTransitionNotification({ ...base, from: 'degraded', to: 'degraded' })).toBeNull();
  });

  it('reports unreachable and recovery', () => {
    expect(statusTransitionNotification({ ...base, from: 'healthy', to: 'unreachable' })?.level).toBe('error');
    expect(statusTransitionNotification({ ...base, from: 'unreachable', to: 'healthy' })?.event).toBe('cluster.recovered');
  });

  it('treats a first healthy sync as no news', () => {
    expect(statusTransitionNotification({ ...base, from: 'unknown', to: 'healthy' })).toBeNull();
  });
});
