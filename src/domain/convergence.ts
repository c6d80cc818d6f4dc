/**
 * Whether the swarm is still moving towards what its services ask for: a scale or a drain whose tasks
 * are not all placed and started yet, tasks being stopped, a rolling update. Swarm events do not report
 * most of these steps (a task starting on a worker emits nothing on the manager's stream), so a page
 * showing a converging swarm reads it again shortly.
 */
import { isUpdateInProgress, isWantedTask, type SwarmServiceSummary, type TaskSummary } from './swarm-summaries.ts';
import { taskStateKind } from './task-state.ts';

/** A task on its way to running; `pending` is left out: it can wait for a node for good. */
const isOnTheWay = (state: string) => state !== 'pending' && taskStateKind(state) === 'pending';

export function isConverging(input: { services: readonly SwarmServiceSummary[]; tasks: readonly TaskSummary[] }): boolean {
  const wanted = new Map<string, number>();
  for (const task of input.tasks) {
    if (isWantedTask(task)) {
      // Held as `ready` until the task it replaces has stopped.
      if (task.desiredState === 'ready' || isOnTheWay(task.state)) return true;
      wanted.set(task.serviceId, (wanted.get(task.serviceId) ?? 0) + 1);
    } else if (task.state === 'running') {
      // Being stopped (scaled down, drained, replaced).
      return true;
    }
  }
  return input.services.some(
    (s) => isUpdateInProgress(s.updateState) || ((s.mode === 'replicated' || s.mode === 'global') && (wanted.get(s.id) ?? 0) !== s.replicasDesired),
  );
}
