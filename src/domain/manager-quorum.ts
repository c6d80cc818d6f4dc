/**
 * Raft keeps a swarm writable only while a majority of its managers is reachable. Role changes are
 * judged by the managers that would remain and how many of them would still answer.
 */
import type { NodeSummary } from './swarm-summaries.ts';
import { allow, refuse, type Verdict } from './verdict.ts';

export type ManagerFacts = Pick<NodeSummary, 'id' | 'hostname' | 'role' | 'status' | 'managerReachability'>;

/** Managers needed for a majority of `managers`. */
export function quorumOf(managers: number): number {
  return Math.floor(managers / 2) + 1;
}

/** A manager that takes part in raft right now. */
export function isReachableManager(node: ManagerFacts): boolean {
  return node.role === 'manager' && node.managerReachability === 'reachable';
}

export function checkDemotion(nodes: readonly ManagerFacts[], nodeId: string): Verdict {
  const node = nodes.find((n) => n.id === nodeId);
  if (!node) return refuse(`node ${nodeId} is not part of this swarm`);
  if (node.role !== 'manager') return refuse(`${node.hostname} is a worker already`);
  const remaining = nodes.filter((n) => n.role === 'manager' && n.id !== node.id);
  if (remaining.length === 0) {
    return refuse(`${node.hostname} is the last manager: demoting it would leave the swarm without a manager`);
  }
  const reachable = remaining.filter(isReachableManager).length;
  const needed = quorumOf(remaining.length);
  if (reachable < needed) {
    return refuse(
      `demoting ${node.hostname} would lose quorum: ${reachable} of the ${remaining.length} remaining managers ` + `would be reachable, raft needs ${needed}`,
    );
  }
  return allow();
}

/** A manager that cannot join raft still counts in the majority: promoting a down node can cost quorum. */
export function checkPromotion(nodes: readonly ManagerFacts[], nodeId: string): Verdict {
  const node = nodes.find((n) => n.id === nodeId);
  if (!node) return refuse(`node ${nodeId} is not part of this swarm`);
  if (node.role === 'manager') return refuse(`${node.hostname} is a manager already`);
  const managers = nodes.filter((n) => n.role === 'manager').length + 1;
  const reachable = nodes.filter(isReachableManager).length + (node.status === 'ready' ? 1 : 0);
  const needed = quorumOf(managers);
  if (reachable < needed) {
    return refuse(
      `promoting ${node.hostname} (${node.status}) would lose quorum: ${reachable} of ${managers} managers ` + `would be reachable, raft needs ${needed}`,
    );
  }
  return allow();
}
