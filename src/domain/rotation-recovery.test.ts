import { describe, expect, it } from 'vitest';
import type { EngineService, EngineServiceSpec } from '../docker/schemas.ts';
import { rotationPlan, withStep } from './rotation-plan.ts';
import { recoveryVerdict } from './rotation-recovery.ts';

const specOn = (secretId: string): EngineServiceSpec => ({
  Name: 'api',
  Labels: {},
  Mode: { Replicated: { Replicas: 1 } },
  TaskTemplate: { ContainerSpec: { Image: 'busybox', Secrets: [{ SecretID: secretId, SecretName: secretId }] } },
});
const service = (patch: Partial<EngineService>): EngineService => ({
  ID: 'svc-api',
  Version: { Index: 3 },
  CreatedAt: 't',
  UpdatedAt: 't',
  Spec: specOn('new'),
  ...patch,
});
/** The update of api was under way when the panel stopped. */
const left = {
  kind: 'secret' as const,
  fromId: 'old',
  toId: 'new',
  toName: 'pw-v2',
  steps: withStep(rotationPlan([{ id: 'svc-api', name: 'api' }]), 1, { status: 'running' }),
};
const both = new Set(['old', 'new']);

describe('recoveryVerdict', () => {
  it('goes on with an update under way, or one not sent yet', () => {
    expect(recoveryVerdict(left, { services: [service({ UpdateStatus: { State: 'updating' } })], objectIds: both })).toEqual({ verdict: 'resume' });
    expect(recoveryVerdict(left, { services: [service({ Spec: specOn('old'), UpdateStatus: { State: 'paused' } })], objectIds: both })).toEqual({
      verdict: 'resume',
    });
  });

  it('calls finished a rotation whose old version is gone and unused', () => {
    expect(recoveryVerdict(left, { services: [service({})], objectIds: new Set(['new']) })).toEqual({ verdict: 'finished' });
  });

  it("stops on the service's paused update, its rollback, or the new version gone", () => {
    const paused = service({ UpdateStatus: { State: 'paused', Message: 'update paused due to failure' } });
    expect(recoveryVerdict(left, { services: [paused], objectIds: both })).toEqual({
      verdict: 'stop',
      reason: 'the update of api paused: update paused due to failure',
    });
    const rolledBack = service({
      Spec: specOn('old'),
      PreviousSpec: specOn('new'),
      UpdateStatus: { State: 'rollback_completed', Message: 'rollback completed' },
    });
    expect(recoveryVerdict(left, { services: [rolledBack], objectIds: both })).toEqual({
      verdict: 'stop',
      reason: 'the update of api was rolled back: rollback completed',
    });
    expect(recoveryVerdict(left, { services: [service({})], objectIds: new Set(['old']) })).toEqual({
      verdict: 'stop',
      reason: 'pw-v2 no longer exists in the swarm',
    });
  });
});
