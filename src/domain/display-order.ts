/** The orders the pages list swarm objects in: names as people count (`node-2` before `node-10`). */
import { naturalCompare } from './natural-order.ts';
import type { NodeSummary, SwarmServiceSummary, TaskSummary } from './swarm-summaries.ts';

/** Leader, managers, workers; by hostname within each. */
export function nodesInTableOrder<N extends Pick<NodeSummary, 'isLeader' | 'role' | 'hostname'>>(nodes: readonly N[]): N[] {
  const rank = (n: N) => (n.isLeader ? 0 : n.role === 'manager' ? 1 : 2);
  return [...nodes].sort((a, b) => rank(a) - rank(b) || naturalCompare(a.hostname, b.hostname));
}

export function servicesByName<S extends Pick<SwarmServiceSummary, 'name'>>(services: readonly S[]): S[] {
  return [...services].sort((a, b) => naturalCompare(a.name, b.name));
}

/** Tasks the swarm wants running first, then by service and slot. */
export function tasksInTableOrder<T extends Pick<TaskSummary, 'desiredState' | 'serviceName' | 'slot'>>(tasks: readonly T[]): T[] {
  return [...tasks].sort(
    (a, b) =>
      Number(b.desiredState === 'running') - Number(a.desiredState === 'running') ||
      naturalCompare(a.serviceName ?? '', b.serviceName ?? '') ||
      (a.slot ?? 0) - (b.slot ?? 0),
  );
}
