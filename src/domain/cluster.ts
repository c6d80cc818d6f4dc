/**
 * A cluster as the plugin keeps it, and the host servers linked to it. The database stores exactly these
 * (db/schema.ts builds its columns from them); routes and views know clusters by these types alone.
 */
import type { ClusterSettingsOverrides } from './cluster-settings.ts';

export const CLUSTER_STATUSES = ['healthy', 'degraded', 'unreachable', 'unknown'] as const;
export type ClusterStatus = (typeof CLUSTER_STATUSES)[number];

/** Cached swarm facts, refreshed by every sync. */
export interface ClusterMetadata {
  swarmId: string | null;
  swarmCreatedAt: string | null;
  dockerVersion: string | null;
  nodeCount: number;
  managerCount: number;
  workerCount: number;
  serviceCount: number;
  taskCount: number;
  totalCpuCores: number;
  totalMemoryBytes: number;
  lastSyncAt: string | null;
}

export interface Cluster {
  id: number;
  uuid: string;
  teamId: string;
  name: string;
  description: string | null;
  type: 'swarm';
  status: ClusterStatus;
  /** Why the cluster has its status (reasons joined), e.g. "node w2 down". */
  statusReason: string | null;
  statusChangedAt: string | null;
  /** The host server used first to reach the swarm. */
  managerServerId: string;
  swarmId: string | null;
  metadata: ClusterMetadata | null;
  /** Encrypted with the host key; never returned unencrypted except to admins asking for a join command. */
  joinTokenWorker: string | null;
  joinTokenManager: string | null;
  /** The settings this cluster changed from the plugin's defaults; null when it changed none. */
  settings: ClusterSettingsOverrides | null;
  createdAt: string;
  updatedAt: string;
}

/** A host server known to be part of a cluster: a manager the plugin may talk to, or a node it links to. */
export interface ClusterServer {
  id: number;
  clusterId: number;
  serverId: string;
  /** Swarm node id the server was matched to by address, once known. */
  nodeId: string | null;
  isManager: boolean;
  createdAt: string;
  updatedAt: string;
}
