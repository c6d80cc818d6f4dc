import { describe, expect, it } from 'vitest';
import type { EngineService, EngineTask } from '../docker/schemas.ts';
import { drainImpact, tasksLeftOnNode } from './node-tasks.ts';

const task = (id: string, over: { node: string; service: string; desired?: string; state?: string }): EngineTask => ({
  ID: id,
  CreatedAt: '',
  UpdatedAt: '',
  ServiceID: over.service,
  NodeID: over.node,
  DesiredState: over.desired ?? 'running',
  Status: { Timestamp: '', State: over.state ?? 'running' },
});
const service = (id: string, mode: 'replicated' | 'global'): EngineService => ({
  ID: id,
  Version: { Index: 1 },
  CreatedAt: '',
  UpdatedAt: '',
  Spec: { Name: id, Labels: {}, Mode: mode === 'global' ? { Global: {} } : { Replicated: { Replicas: 2 } }, TaskTemplate: {} },
});

describe('drainImpact', () => {
  it('counts the tasks wanted on the node, split into rescheduled and stopped', () => {
    const tasks = [
      task('t1', { node: 'n1', service: 'web' }),
      task('t2', { node: 'n1', service: 'agent' }),
      task('t3', { node: 'n2', service: 'web' }),
      task('t4', { node: 'n1', service: 'web', desired: 'shutdown', state: 'shutdown' }),
    ];
    expect(drainImpact('n1', tasks, [service('web', 'replicated'), service('agent', 'global')])).toEqual({ tasks: 2, rescheduled: 1, stopped: 1 });
  });
});

describe('tasksLeftOnNode', () => {
  it('counts tasks told to stop that are still running, not finished ones', () => {
    const tasks = [
      task('t1', { node: 'n1', service: 'web', desired: 'shutdown', state: 'running' }),
      task('t2', { node: 'n1', service: 'web', desired: 'shutdown', state: 'shutdown' }),
      task('t3', { node: 'n1', service: 'web', desired: 'running', state: 'pending' }),
      task('t4', { node: 'n2', service: 'web' }),
      // A task of a service being removed meanwhile: not the drain's.
      task('t5', { node: 'n1', service: 'gone', desired: 'remove', state: 'running' }),
    ];
    expect(tasksLeftOnNode('n1', tasks)).toBe(2);
    expect(
      tasksLeftOnNode(
        'n1',
        tasks.filter((t) => t.ID === 't2'),
      ),
    ).toBe(0);
  });
});
