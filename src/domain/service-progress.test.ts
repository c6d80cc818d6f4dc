import { describe, expect, it } from 'vitest';
import type { EngineService, EngineTask } from '../docker/schemas.ts';
import { serviceProgress } from './service-progress.ts';

const template = (force: number) => ({ ContainerSpec: { Image: 'busybox', Args: ['sleep', '1d'] }, ForceUpdate: force, Runtime: 'container' });
const service = (over: { replicas?: number; force?: number; update?: { State: string; Message?: string } } = {}): EngineService => ({
  ID: 's1',
  Version: { Index: 1 },
  CreatedAt: '',
  UpdatedAt: '',
  Spec: { Name: 'web', Labels: {}, Mode: { Replicated: { Replicas: over.replicas ?? 2 } }, TaskTemplate: template(over.force ?? 0) },
  UpdateStatus: over.update,
});
const task = (id: string, force: number, state = 'running', desired = 'running'): EngineTask => ({
  ID: id,
  CreatedAt: '',
  UpdatedAt: '',
  ServiceID: 's1',
  NodeID: 'n1',
  DesiredState: desired,
  // The same spec with its keys in another order, and without the Runtime the engine adds to services only.
  Spec: { ForceUpdate: force, ContainerSpec: { Args: ['sleep', '1d'], Image: 'busybox' } },
  Status: { Timestamp: '', State: state },
});

describe('serviceProgress', () => {
  it('is converged when every desired task runs on the current spec', () => {
    const progress = serviceProgress(service(), [task('a', 0), task('b', 0), task('old', 0, 'shutdown', 'shutdown')]);
    expect(progress).toMatchObject({ desired: 2, running: 2, updated: 2, phase: 'converged', settled: true, problem: null });
  });

  it('counts the tasks already on the new spec during an update', () => {
    const progress = serviceProgress(service({ force: 1, update: { State: 'updating' } }), [task('a', 1), task('b', 0)]);
    expect(progress).toMatchObject({ running: 2, updated: 1, phase: 'updating', settled: false });
  });

  it('is converging after a scale down until the tasks scaled away have stopped', () => {
    const progress = serviceProgress(service({ replicas: 1 }), [task('a', 0), task('b', 0, 'running', 'shutdown')]);
    expect(progress).toMatchObject({ running: 1, stopping: 1, phase: 'converging', settled: false });
    expect(serviceProgress(service({ replicas: 1 }), [task('a', 0), task('b', 0, 'shutdown', 'shutdown')])).toMatchObject({ stopping: 0, phase: 'converged' });
  });

  it('is converging after a scale until the new replicas run', () => {
    expect(serviceProgress(service({ replicas: 3 }), [task('a', 0), task('b', 0), task('c', 0, 'starting')])).toMatchObject({
      phase: 'converging',
      running: 2,
      settled: false,
    });
  });

  it('does not count a task whose spec lacks a field the template has (an env added by the update)', () => {
    const updatedService = service();
    updatedService.Spec.TaskTemplate.ContainerSpec = { Image: 'busybox', Args: ['sleep', '1d'], Env: ['A=1'] } as never;
    expect(serviceProgress(updatedService, [task('a', 0), task('b', 0)])).toMatchObject({ running: 2, updated: 0, phase: 'converging' });
  });

  it("reports a paused update with Docker's message", () => {
    const message = 'update paused due to failure or early termination of task x';
    const progress = serviceProgress(service({ force: 1, update: { State: 'paused', Message: message } }), [task('a', 0)]);
    expect(progress).toMatchObject({ phase: 'paused', settled: true, problem: message });
  });

  it('reports an update rolled back after a failure', () => {
    const message = 'update rolled back due to failure or early termination of task x';
    expect(serviceProgress(service({ update: { State: 'rollback_started', Message: message } }), [task('a', 0)])).toMatchObject({
      phase: 'failed',
      problem: message,
      settled: false,
    });
  });
});
