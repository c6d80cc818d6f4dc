import { describe, expect, it } from 'vitest';
import { nextStepIndex, resumedSteps, rotationPlan, rotationStatus, stopSummary, withLateUsers, withStep } from './rotation-plan.ts';

const a = { id: 's1', name: 'api' };
const b = { id: 's2', name: 'web' };

describe('rotation plan', () => {
  it('creates, then updates each service, then removes the old version', () => {
    const steps = rotationPlan([a, b]);
    expect(steps.map((s) => (s.kind === 'update' ? s.service.name : s.kind))).toEqual(['create', 'api', 'web', 'remove']);
    expect(nextStepIndex(steps)).toBe(1);
    expect(rotationStatus(steps, true)).toBe('running');
    expect(
      rotationStatus(
        steps.map((s) => ({ ...s, status: 'done' as const })),
        false,
      ),
    ).toBe('completed');
  });

  it('says where a stopped rotation stopped, and resumes from the failed step', () => {
    let steps = withStep(rotationPlan([a, b]), 1, { status: 'done' });
    steps = withStep(steps, 2, { status: 'failed', message: 'the update of web paused: task exited' });
    expect(rotationStatus(steps, false)).toBe('stopped');
    const summary = stopSummary(steps, { from: 'pw', to: 'pw-v2' });
    expect(summary).toBe(
      'Stopped while updating web: the update of web paused: task exited. On pw-v2: api. pw was kept. Fix web and resume, or roll it back to its previous spec (on pw).',
    );
    const resumed = resumedSteps(steps);
    expect(resumed.map((s) => s.status)).toEqual(['done', 'done', 'pending', 'pending']);
    expect(nextStepIndex(resumed)).toBe(2);
    expect(stopSummary(resumed, { from: 'pw', to: 'pw-v2' })).toBeNull();
  });

  it('puts services found still using the old version before its removal: new ones added, moved ones reopened', () => {
    const steps = rotationPlan([a]).map((s) => ({ ...s, status: 'done' as const }));
    const late = withLateUsers(steps, [a, b]);
    expect(late.map((s) => `${s.kind === 'update' ? s.service.name : s.kind}:${s.status}`)).toEqual([
      'create:done',
      'api:pending',
      'web:pending',
      'remove:done',
    ]);
    expect(nextStepIndex(late)).toBe(1);
  });
});
