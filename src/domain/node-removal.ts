/** When a node may leave the cluster's node list. */
import type { NodeSummary } from './swarm-summaries.ts';
import { allow, refuse, type Verdict } from './verdict.ts';

export type RemovalFacts = Pick<NodeSummary, 'hostname' | 'role' | 'status' | 'availability'>;

export function checkNodeRemoval(node: RemovalFacts, options: { force: boolean }): Verdict {
  if (node.role === 'manager') {
    return refuse(`${node.hostname} is a manager: demote it to a worker before removing it`);
  }
  const drainedAndDown = node.availability === 'drain' && node.status === 'down';
  if (drainedAndDown) return allow();
  if (!options.force) {
    return refuse(
      `${node.hostname} is ${node.status} and ${node.availability === 'drain' ? 'drained' : node.availability}: ` +
        'only a drained node that is down can be removed (drain it, then stop it or make it leave the swarm), ' +
        'or remove it with force',
    );
  }
  return allow(
    `forced removal of ${node.hostname} (${node.status}, ${node.availability}): ` +
      'its tasks are rescheduled elsewhere, and a running engine keeps its containers until it leaves the swarm',
  );
}
