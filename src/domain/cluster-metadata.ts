import type { ClusterMetadata } from './cluster.ts';
import type { NodeSummary, SwarmServiceSummary } from './swarm-summaries.ts';

/** The cached swarm facts of a cluster, from one consistent read of its lists. */
export function clusterMetadata(input: {
  swarmId: string | null;
  swarmCreatedAt: string | null;
  dockerVersion: string | null;
  nodes: NodeSummary[];
  services: SwarmServiceSummary[];
  syncedAt: Date;
}): ClusterMetadata {
  const managers = input.nodes.filter((n) => n.role === 'manager').length;
  return {
    swarmId: input.swarmId,
    swarmCreatedAt: input.swarmCreatedAt,
    dockerVersion: input.dockerVersion,
    nodeCount: input.nodes.length,
    managerCount: managers,
    workerCount: input.nodes.length - managers,
    serviceCount: input.services.length,
    taskCount: input.nodes.reduce((sum, n) => sum + n.taskCount, 0),
    totalCpuCores: input.nodes.reduce((sum, n) => sum + n.cpuCores, 0),
    totalMemoryBytes: input.nodes.reduce((sum, n) => sum + n.memoryBytes, 0),
    lastSyncAt: input.syncedAt.toISOString(),
  };
}
