/**
 * The visualizer grid: a column per node (leader, managers, then workers, by hostname) with the tasks
 * the swarm wants there, and a last column for wanted tasks no node has taken yet.
 */

import { naturalCompare } from './natural-order.ts';
import { isWantedTask, type NodeView, type TaskView } from './swarm-views.ts';

export interface GridColumn {
  /** Null for the column of tasks not placed on a node (no node fits them, or their node is gone). */
  node: NodeView | null;
  tasks: TaskView[];
}

function nodeOrder(a: NodeView, b: NodeView): number {
  const rank = (n: NodeView) => (n.isLeader ? 0 : n.role === 'manager' ? 1 : 2);
  return rank(a) - rank(b) || naturalCompare(a.hostname, b.hostname);
}

function taskOrder(a: TaskView, b: TaskView): number {
  return naturalCompare(a.serviceName ?? a.serviceId, b.serviceName ?? b.serviceId) || (a.slot ?? 0) - (b.slot ?? 0);
}

export function visualizerColumns(nodes: readonly NodeView[], tasks: readonly TaskView[]): GridColumn[] {
  const wanted = tasks.filter(isWantedTask).sort(taskOrder);
  const byNode = new Map<string, TaskView[]>(nodes.map((n) => [n.id, []]));
  const unplaced: TaskView[] = [];
  for (const task of wanted) {
    const column = task.nodeId ? byNode.get(task.nodeId) : undefined;
    (column ?? unplaced).push(task);
  }
  const columns: GridColumn[] = [...nodes].sort(nodeOrder).map((node) => ({ node, tasks: byNode.get(node.id) ?? [] }));
  if (unplaced.length > 0) columns.push({ node: null, tasks: unplaced });
  return columns;
}
