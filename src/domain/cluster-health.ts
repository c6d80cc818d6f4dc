/**
 * The health rule of a cluster (REQUIREMENTS §3): healthy, degraded (a node down, a manager
 * unreachable, a service below its desired replicas), unreachable (no manager answers), unknown (never synced).
 */
import type { ClusterStatus } from './cluster.ts';
import type { NodeSummary, SwarmServiceSummary } from './swarm-summaries.ts';

export interface ClusterHealth {
  status: ClusterStatus;
  reasons: string[];
}

export function isServiceShort(service: Pick<SwarmServiceSummary, 'replicasRunning' | 'replicasDesired' | 'mode'>): boolean {
  if (service.mode === 'replicated-job' || service.mode === 'global-job') return false;
  return service.replicasRunning < service.replicasDesired;
}

export function clusterHealth(input: { nodes: NodeSummary[]; services: SwarmServiceSummary[] }): ClusterHealth {
  const reasons: string[] = [];
  for (const node of input.nodes) {
    if (node.status !== 'ready') reasons.push(`node ${node.hostname} is ${node.status}`);
    else if (node.role === 'manager' && node.managerReachability && node.managerReachability !== 'reachable') {
      reasons.push(`manager ${node.hostname} is ${node.managerReachability}`);
    }
  }
  for (const service of input.services) {
    if (isServiceShort(service)) {
      reasons.push(`service ${service.name} has ${service.replicasRunning}/${service.replicasDesired} replicas running`);
    }
  }
  return { status: reasons.length === 0 ? 'healthy' : 'degraded', reasons };
}

export function unreachableHealth(reason: string): ClusterHealth {
  return { status: 'unreachable', reasons: [reason] };
}
