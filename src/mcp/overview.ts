/** `cluster://<uuid>/overview`: a cluster's status, nodes and services in a few lines of markdown. */
import type { PanelApi } from './panel-api.ts';
import { clusterPath, dataOf } from './tool.ts';

interface ClusterJson {
  name: string;
  status: string;
  statusReason: string | null;
  metadata: { dockerVersion: string | null; lastSyncAt: string | null };
}
interface NodeJson {
  hostname: string;
  role: string;
  isLeader: boolean;
  status: string;
  availability: string;
  taskCount: number;
}
interface ServiceJson {
  name: string;
  image: string;
  mode: string;
  replicasRunning: number;
  replicasDesired: number;
  updateState: string | null;
}

export async function clusterOverview(api: PanelApi, uuid: string): Promise<string> {
  const [cluster, nodes, services] = await Promise.all([
    dataOf<ClusterJson>(api, { method: 'GET', path: clusterPath(uuid) }),
    dataOf<NodeJson[]>(api, { method: 'GET', path: clusterPath(uuid, 'nodes') }),
    dataOf<ServiceJson[]>(api, { method: 'GET', path: clusterPath(uuid, 'services') }),
  ]);
  const short = services.filter((s) => s.replicasRunning < s.replicasDesired);
  return [
    `# ${cluster.name}: ${cluster.status}${cluster.statusReason ? ` (${cluster.statusReason})` : ''}`,
    `Docker ${cluster.metadata.dockerVersion ?? 'unknown'}, last sync ${cluster.metadata.lastSyncAt ?? 'never'}.`,
    '',
    `## Nodes (${nodes.length})`,
    ...nodes.map((n) => `- ${n.hostname}: ${n.role}${n.isLeader ? ' (leader)' : ''}, ${n.status}, ${n.availability}, ${n.taskCount} task(s)`),
    '',
    `## Services (${services.length}, ${short.length} below their replicas)`,
    ...services.map(
      (s) => `- ${s.name}: ${s.image}, ${s.mode}, ${s.replicasRunning}/${s.replicasDesired} running${s.updateState ? `, update ${s.updateState}` : ''}`,
    ),
  ].join('\n');
}
