import { describe, expect, it } from 'vitest';
import type { EngineService, EngineTask } from '../docker/schemas.ts';
import { deployOutcome } from './stack-deploy-outcome.ts';

const TEMPLATE = { ContainerSpec: { Image: 'app:1' }, ForceUpdate: 0 };
const DEPLOYED_AT = '2026-12-07T01:00:00.123456789Z';

const service = (patch: Partial<EngineService> = {}): EngineService => ({
  ID: 's1',
  Version: { Index: 2 },
  CreatedAt: DEPLOYED_AT,
  UpdatedAt: DEPLOYED_AT,
  Spec: { Name: 'shop_app', Labels: {}, Mode: { Replicated: { Replicas: 1 } }, TaskTemplate: TEMPLATE },
  ...patch,
});

const task = (id: string, state: string, createdAt: string, err?: string): EngineTask => ({
  ID: id,
  CreatedAt: createdAt,
  UpdatedAt: createdAt,
  ServiceID: 's1',
  NodeID: 'n1',
  DesiredState: state === 'running' ? 'running' : 'shutdown',
  Spec: TEMPLATE,
  Status: { Timestamp: createdAt, State: state, ...(err ? { Err: err } : {}) },
});

describe('deployOutcome', () => {
  it('is converged once the service runs its spec', () => {
    expect(deployOutcome([service()], [task('t1', 'running', '2026-12-07T01:00:01Z')])).toEqual({ converged: true, failures: [] });
  });

  it('waits through one failed task, and fails on the second since the deploy, with the last error', () => {
    const first = task('t1', 'rejected', '2026-12-07T01:00:01Z', 'No such image: app:1');
    expect(deployOutcome([service()], [first])).toEqual({ converged: false, failures: [] });
    const second = task('t2', 'rejected', '2026-12-07T01:00:07Z', 'No such image: app:1 (again)');
    expect(deployOutcome([service()], [first, second]).failures).toEqual([{ service: 'shop_app', message: 'rejected: No such image: app:1 (again)' }]);
  });

  it('does not count the failed tasks from before the deploy', () => {
    const old = [task('t0', 'failed', '2026-12-07T00:59:00Z', 'exit 1'), task('t1', 'failed', '2026-12-07T00:59:30Z', 'exit 1')];
    expect(deployOutcome([service()], old)).toEqual({ converged: false, failures: [] });
  });

  it("fails on a paused or rolled back update, with Docker's message", () => {
    const paused = service({ UpdateStatus: { State: 'paused', Message: 'update paused due to failure or early termination of task t9' } });
    expect(deployOutcome([paused], []).failures).toEqual([{ service: 'shop_app', message: 'update paused due to failure or early termination of task t9' }]);
    const rolledBack = service({ UpdateStatus: { State: 'rollback_completed', Message: 'rollback completed' } });
    expect(deployOutcome([rolledBack], [task('t1', 'running', '2026-12-07T01:00:01Z')]).failures).toEqual([
      { service: 'shop_app', message: 'rollback completed' },
    ]);
  });
});
