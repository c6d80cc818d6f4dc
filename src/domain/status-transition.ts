import type { ClusterStatus } from './cluster.ts';

/** A notification of the host's contract (HostNotification), as this rule produces them. */
export interface StatusNotification {
  event: 'cluster.degraded' | 'cluster.unreachable' | 'cluster.recovered';
  level: 'warning' | 'error' | 'success';
  title: string;
  message: string;
  data: { clusterUuid: string; from: ClusterStatus; to: ClusterStatus; reasons: string[] };
}

/**
 * The notification a change of cluster status deserves, if any: once per transition, never per sync.
 * A first sync that finds a healthy cluster is not news.
 */
export function statusTransitionNotification(input: {
  clusterName: string;
  clusterUuid: string;
  from: ClusterStatus;
  to: ClusterStatus;
  reasons: string[];
}): StatusNotification | null {
  const { from, to, clusterName } = input;
  if (from === to) return null;
  const data = { clusterUuid: input.clusterUuid, from, to, reasons: input.reasons };
  const why = input.reasons.join('; ');
  if (to === 'degraded') {
    return { event: 'cluster.degraded', level: 'warning', title: `Cluster ${clusterName} is degraded`, message: why, data };
  }
  if (to === 'unreachable') {
    return { event: 'cluster.unreachable', level: 'error', title: `Cluster ${clusterName} is unreachable`, message: why, data };
  }
  if (to === 'healthy' && (from === 'degraded' || from === 'unreachable')) {
    return {
      event: 'cluster.recovered',
      level: 'success',
      title: `Cluster ${clusterName} recovered`,
      message: 'All nodes and services are healthy again.',
      data,
    };
  }
  return null;
}
