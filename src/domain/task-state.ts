/** Docker's task states grouped the way the pages colour and count them. */

export type TaskStateKind = 'running' | 'pending' | 'failed' | 'stopped';

const PENDING = new Set(['new', 'allocated', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting']);
const FAILED = new Set(['failed', 'rejected', 'orphaned']);

export function taskStateKind(state: string): TaskStateKind {
  if (state === 'running') return 'running';
  if (PENDING.has(state)) return 'pending';
  if (FAILED.has(state)) return 'failed';
  // complete, shutdown, remove: ended on purpose.
  return 'stopped';
}
