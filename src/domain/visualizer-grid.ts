/**
 * The visualizer grid: a column per node (leader, managers, then workers, by hostname) with the tasks
 * the swarm wants there, and a last column for wanted tasks no node has taken yet. A column holding many
 * tasks draws each service's tasks of one state as one group with a count (expanded on demand), so the
 * page of 10,000 tasks stays a page of about a thousand elements.
 */

import { naturalCompare } from './natural-order.ts';
import { isWantedTask, type NodeSummary, type TaskSummary } from './swarm-summaries.ts';
import type { TaskStateKind } from './task-state.ts';

/** Tasks a column draws one by one; beyond that, groups of a service's tasks in one state. */
export const COLLAPSE_OVER = 40;

/**
 * Columns the page draws at first: 2,160 px (a column is 180 px with its gap), more than a 1,920 px screen's grid
 * shows; the others come as the grid is scrolled near them, this many at a time. Every column drawn costs its style,
 * layout and paint at first paint: content-visibility skips only what lies beyond one and a half screens of the
 * viewport (Chrome's margin), farther than any first window.
 */
export const FIRST_COLUMNS = 12;
export const MORE_COLUMNS = 16;

/** One service's tasks in one state on one node (or not placed). */
export interface TaskGroup {
  /** Node, service and state: what the page sends back to keep the group expanded. */
  key: string;
  serviceName: string;
  stateKind: TaskStateKind;
  tasks: TaskSummary[];
}

export type GridItem = { kind: 'task'; task: TaskSummary } | { kind: 'group'; group: TaskGroup; expanded: boolean };

export interface GridColumn {
  /** Null for the column of tasks not placed on a node (no node fits them, or their node is gone). */
  node: NodeSummary | null;
  tasks: TaskSummary[];
  /** What the column draws: its tasks, or groups of them when it holds more than `collapseOver`. */
  items: GridItem[];
}

export interface GridOptions {
  collapseOver?: number;
  /** Keys of the groups drawn expanded. */
  expanded?: ReadonlySet<string>;
}

function nodeOrder(a: NodeSummary, b: NodeSummary): number {
  const rank = (n: NodeSummary) => (n.isLeader ? 0 : n.role === 'manager' ? 1 : 2);
  return rank(a) - rank(b) || naturalCompare(a.hostname, b.hostname);
}

const serviceNameOf = (t: TaskSummary) => t.serviceName ?? t.serviceId;

/** Tasks by service name (as people count), then slot: the names are ranked once, not compared per task pair. */
function inTaskOrder(tasks: TaskSummary[]): TaskSummary[] {
  const names = [...new Set(tasks.map(serviceNameOf))].sort(naturalCompare);
  const rank = new Map(names.map((name, i) => [name, i]));
  const rankOf = (t: TaskSummary) => rank.get(serviceNameOf(t)) ?? 0;
  return tasks.sort((a, b) => rankOf(a) - rankOf(b) || (a.slot ?? 0) - (b.slot ?? 0));
}

/** The key of a task's group: its column (node id, empty when not placed), its service and its state kind. */
export function taskGroupKey(task: Pick<TaskSummary, 'serviceId' | 'stateKind'>, nodeId: string | null): string {
  return `${nodeId ?? ''}/${task.serviceId}/${task.stateKind}`;
}

/** A column's tasks (in grid order) as groups, in the order their first task comes. */
function groupsOf(tasks: readonly TaskSummary[], nodeId: string | null): TaskGroup[] {
  const groups = new Map<string, TaskGroup>();
  for (const task of tasks) {
    const key = taskGroupKey(task, nodeId);
    const group = groups.get(key);
    if (group) group.tasks.push(task);
    else groups.set(key, { key, serviceName: serviceNameOf(task), stateKind: task.stateKind, tasks: [task] });
  }
  return [...groups.values()];
}

/** A column's tasks and, when it holds more than the collapse limit, their groups: what does not depend on who looks. */
export interface GridLayoutColumn {
  node: NodeSummary | null;
  tasks: TaskSummary[];
  /** Null when the column draws its tasks one by one. */
  groups: TaskGroup[] | null;
}

/** The grid of one snapshot, before any group is expanded: built once, shared by every render of that snapshot. */
export function visualizerLayout(nodes: readonly NodeSummary[], tasks: readonly TaskSummary[], collapseOver = COLLAPSE_OVER): GridLayoutColumn[] {
  const wanted = inTaskOrder(tasks.filter(isWantedTask));
  const byNode = new Map<string, TaskSummary[]>(nodes.map((n) => [n.id, []]));
  const unplaced: TaskSummary[] = [];
  for (const task of wanted) {
    const column = task.nodeId ? byNode.get(task.nodeId) : undefined;
    (column ?? unplaced).push(task);
  }
  const layoutOf = (node: NodeSummary | null, own: TaskSummary[]): GridLayoutColumn => ({
    node,
    tasks: own,
    groups: own.length > collapseOver ? groupsOf(own, node?.id ?? null) : null,
  });
  const columns = [...nodes].sort(nodeOrder).map((node) => layoutOf(node, byNode.get(node.id) ?? []));
  if (unplaced.length > 0) columns.push(layoutOf(null, unplaced));
  return columns;
}

/** The columns as drawn: tasks one by one, or groups (a group of one is its task), the `expanded` ones open. */
export function visualizerItems(layout: readonly GridLayoutColumn[], expanded: ReadonlySet<string> = new Set()): GridColumn[] {
  return layout.map(({ node, tasks, groups }) => ({
    node,
    tasks,
    items: groups
      ? groups.map(
          (group): GridItem =>
            group.tasks.length === 1 ? { kind: 'task', task: group.tasks[0]! } : { kind: 'group', group, expanded: expanded.has(group.key) },
        )
      : tasks.map((task): GridItem => ({ kind: 'task', task })),
  }));
}

export function visualizerColumns(nodes: readonly NodeSummary[], tasks: readonly TaskSummary[], options: GridOptions = {}): GridColumn[] {
  return visualizerItems(visualizerLayout(nodes, tasks, options.collapseOver), options.expanded);
}

/** The group of `key` among the wanted tasks, as its column would draw it; null when it holds no task now. */
export function findTaskGroup(nodes: readonly NodeSummary[], tasks: readonly TaskSummary[], key: string): TaskGroup | null {
  const placed = new Set(nodes.map((n) => n.id));
  const column = (t: TaskSummary) => (t.nodeId && placed.has(t.nodeId) ? t.nodeId : null);
  const own = inTaskOrder(tasks.filter((t) => isWantedTask(t) && taskGroupKey(t, column(t)) === key));
  const first = own[0];
  return first ? { key, serviceName: serviceNameOf(first), stateKind: first.stateKind, tasks: own } : null;
}

const STATE_KINDS: readonly TaskStateKind[] = ['running', 'pending', 'failed', 'stopped'];

/**
 * What the grid's filters offer: the services (by name) and state kinds of the tasks of every column, drawn yet or
 * not, nothing absent; the nodes in column order.
 */
export interface GridFilterOptions {
  services: string[];
  kinds: TaskStateKind[];
  nodes: { id: string; hostname: string }[];
}

export function gridFilterOptions(columns: readonly { node: NodeSummary | null; tasks: readonly TaskSummary[] }[]): GridFilterOptions {
  const services = new Set<string>();
  const kinds = new Set<TaskStateKind>();
  const nodes: GridFilterOptions['nodes'] = [];
  for (const column of columns) {
    if (column.node) nodes.push({ id: column.node.id, hostname: column.node.hostname });
    for (const task of column.tasks) {
      services.add(serviceNameOf(task));
      kinds.add(task.stateKind);
    }
  }
  return { services: [...services].sort(), kinds: STATE_KINDS.filter((k) => kinds.has(k)), nodes };
}
