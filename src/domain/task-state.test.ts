import { describe, expect, it } from 'vitest';
import { taskStateKind } from './task-state.ts';

describe('taskStateKind', () => {
  it('groups Docker’s task states as the pages colour and count them', () => {
    expect(taskStateKind('running')).toBe('running');
    for (const state of ['new', 'pending', 'assigned', 'preparing', 'starting']) expect(taskStateKind(state), state).toBe('pending');
    for (const state of ['failed', 'rejected', 'orphaned']) expect(taskStateKind(state), state).toBe('failed');
    for (const state of ['complete', 'shutdown', 'remove']) expect(taskStateKind(state), state).toBe('stopped');
  });
});
