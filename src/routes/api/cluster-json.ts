/** The API's JSON shape of a cluster. Join tokens never appear here. */
import type { Cluster, ClusterMetadata, ClusterServer } from '../../domain/cluster.ts';
import type { ClusterSettings } from '../../domain/cluster-settings.ts';
import type { Fetched } from '../../services/last-known.ts';

const EMPTY_METADATA: ClusterMetadata = {
  swarmId: null,
  swarmCreatedAt: null,
  dockerVersion: null,
  nodeCount: 0,
  managerCount: 0,
  workerCount: 0,
  serviceCount: 0,
  taskCount: 0,
  totalCpuCores: 0,
  totalMemoryBytes: 0,
  lastSyncAt: null,
};

/** `settings`: those that apply to the cluster; `changedSettings` names the ones it set itself. */
export function clusterJson(cluster: Cluster, servers: ClusterServer[], settings: ClusterSettings) {
  return {
    uuid: cluster.uuid,
    name: cluster.name,
    description: cluster.description,
    type: cluster.type,
    status: cluster.status,
    statusReason: cluster.statusReason,
    statusChangedAt: cluster.statusChangedAt,
    managerServerId: cluster.managerServerId,
    metadata: { ...EMPTY_METADATA, ...cluster.metadata, swarmId: cluster.swarmId ?? cluster.metadata?.swarmId ?? null },
    servers: servers.map((s) => ({ serverId: s.serverId, nodeId: s.nodeId, isManager: s.isManager })),
    settings,
    changedSettings: Object.keys(cluster.settings ?? {}),
    createdAt: cluster.createdAt,
    updatedAt: cluster.updatedAt,
  };
}

/** A list or object read from the swarm, with when it was read and whether it is the last known data. */
export function fetchedJson<T>(fetched: Fetched<T>) {
  return {
    data: fetched.data,
    meta: { fetchedAt: fetched.fetchedAt, stale: fetched.stale, ...(fetched.reason ? { reason: fetched.reason } : {}) },
  };
}
