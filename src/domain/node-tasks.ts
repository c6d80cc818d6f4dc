/** What a node carries: the tasks a drain will move, and the ones still on it while they move. */
import type { EngineService, EngineTask } from '../docker/schemas.ts';
import { isActiveTask, serviceMode } from './swarm-summaries.ts';
import { taskStateKind } from './task-state.ts';

/** A task whose container may still run: wanted, or told to stop but not stopped yet (running or on its way). */
export function isTaskStillUp(task: Pick<EngineTask, 'DesiredState' | 'Status'>): boolean {
  const kind = taskStateKind(task.Status.State);
  return isActiveTask(task) || kind === 'running' || kind === 'pending';
}

export interface DrainImpact {
  /** Tasks the swarm wants running on the node: all of them leave it. */
  tasks: number;
  /** Of those, tasks of replicated services, which the swarm starts again on other nodes. */
  rescheduled: number;
  /** Tasks of global services, which just stop (one per node). */
  stopped: number;
}

export function drainImpact(nodeId: string, tasks: readonly EngineTask[], services: readonly EngineService[]): DrainImpact {
  const global = new Set(services.filter((s) => serviceMode(s).startsWith('global')).map((s) => s.ID));
  const leaving = tasks.filter((t) => t.NodeID === nodeId && isActiveTask(t));
  const stopped = leaving.filter((t) => global.has(t.ServiceID)).length;
  return { tasks: leaving.length, rescheduled: leaving.length - stopped, stopped };
}

/**
 * Tasks a drain still has to move off the node: wanted there, or shut down by the drain but not stopped yet.
 * Tasks the swarm is removing for another reason (their service deleted or scaled down: desired state
 * `remove`) stop on their own and are not counted.
 */
export function tasksLeftOnNode(nodeId: string, tasks: readonly EngineTask[]): number {
  return tasks.filter((t) => t.NodeID === nodeId && t.DesiredState !== 'remove' && isTaskStillUp(t)).length;
}
