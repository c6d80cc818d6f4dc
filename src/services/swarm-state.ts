/**
 * Cached reads of a cluster's swarm. One upstream list per resource whatever the node count,
 * single-flight per cluster and resource, and the last known data (marked stale, with the reason)
 * when no manager answers.
 */
import type { PluginSettings } from '../contract/host.ts';
import type { ClusterRow } from '../db/schema.ts';
import type { EngineInfo, EngineNode, EngineService, EngineSwarm, EngineTask, SwarmClient } from '../docker/index.ts';
import { groupBy } from '../domain/group-by.ts';
import {
  isWantedTask,
  type NodeView,
  type ServiceView,
  serviceNameMap,
  type TaskView,
  toNodeViews,
  toServiceViews,
  toTaskView,
} from '../domain/swarm-views.ts';
import type { ManagerAccess } from './cluster-connections.ts';
import { ClusterUnreachableError, ServiceError } from './errors.ts';
import type { TtlCache } from './ttl-cache.ts';

export interface Fetched<T> {
  data: T;
  /** When the data was read from the swarm. */
  fetchedAt: string;
  /** True when the swarm could not be reached and this is the last known data. */
  stale: boolean;
  reason?: string;
}

type Resource = 'info' | 'swarm' | 'nodes' | 'services' | 'tasks';

export interface TaskFilter {
  serviceId?: string;
  nodeId?: string;
}

export interface VisualizerNode extends NodeView {
  tasks: TaskView[];
}

/** What the cached reads use of a manager's client. */
export type SwarmReads = Pick<SwarmClient, 'info' | 'swarm' | 'listNodes' | 'listServices' | 'listTasks'>;

export class SwarmState {
  constructor(
    private readonly connections: ManagerAccess<SwarmReads>,
    private readonly cache: TtlCache,
    private readonly ttl: PluginSettings['cacheTtlSeconds'],
  ) {}

  info(cluster: ClusterRow): Promise<Fetched<EngineInfo>> {
    return this.read(cluster, 'info', this.ttl.info, (c) => c.info());
  }

  swarm(cluster: ClusterRow): Promise<Fetched<EngineSwarm>> {
    return this.read(cluster, 'swarm', this.ttl.joinTokens, (c) => c.swarm());
  }

  rawNodes(cluster: ClusterRow): Promise<Fetched<EngineNode[]>> {
    return this.read(cluster, 'nodes', this.ttl.nodes, (c) => c.listNodes());
  }

  rawServices(cluster: ClusterRow): Promise<Fetched<EngineService[]>> {
    return this.read(cluster, 'services', this.ttl.services, (c) => c.listServices());
  }

  rawTasks(cluster: ClusterRow): Promise<Fetched<EngineTask[]>> {
    return this.read(cluster, 'tasks', this.ttl.tasks, (c) => c.listTasks());
  }

  async nodes(cluster: ClusterRow): Promise<Fetched<NodeView[]>> {
    const [nodes, tasks] = await Promise.all([this.rawNodes(cluster), this.rawTasks(cluster)]);
    return combine([nodes, tasks], toNodeViews(nodes.data, tasks.data));
  }

  async node(cluster: ClusterRow, nodeId: string): Promise<Fetched<NodeView>> {
    const nodes = await this.nodes(cluster);
    const node = nodes.data.find((n) => n.id === nodeId || n.hostname === nodeId);
    if (!node) throw new ServiceError('not_found', `node ${nodeId} is not part of this cluster`);
    return { ...nodes, data: node };
  }

  async services(cluster: ClusterRow): Promise<Fetched<ServiceView[]>> {
    const [services, tasks] = await Promise.all([this.rawServices(cluster), this.rawTasks(cluster)]);
    return combine([services, tasks], toServiceViews(services.data, tasks.data));
  }

  async service(cluster: ClusterRow, serviceId: string): Promise<Fetched<ServiceView>> {
    const services = await this.services(cluster);
    const service = services.data.find((s) => s.id === serviceId || s.name === serviceId);
    if (!service) throw new ServiceError('not_found', `service ${serviceId} is not part of this cluster`);
    return { ...services, data: service };
  }

  async tasks(cluster: ClusterRow, filter: TaskFilter = {}): Promise<Fetched<TaskView[]>> {
    const [services, tasks] = await Promise.all([this.rawServices(cluster), this.rawTasks(cluster)]);
    const names = serviceNameMap(services.data);
    const data = tasks.data
      .filter((t) => !filter.serviceId || t.ServiceID === filter.serviceId)
      .filter((t) => !filter.nodeId || t.NodeID === filter.nodeId)
      .map((t) => toTaskView(t, names))
      .sort(byServiceThenSlot);
    return combine([services, tasks], data);
  }

  /** Nodes, each with the tasks the swarm wants on it (what the visualizer draws). */
  async visualizer(cluster: ClusterRow): Promise<Fetched<VisualizerNode[]>> {
    const [nodes, tasks] = await Promise.all([this.nodes(cluster), this.tasks(cluster)]);
    const byNode = groupBy(tasks.data.filter(isWantedTask), (t) => t.nodeId);
    const data = nodes.data.map((node) => ({ ...node, tasks: byNode.get(node.id) ?? [] }));
    return combine([nodes, tasks], data);
  }

  /** Drops the cached reads of a cluster (after a write, a sync or a matching swarm event). */
  invalidate(cluster: Pick<ClusterRow, 'id'>, resources?: Resource[]): void {
    if (!resources) this.cache.invalidate(`cluster:${cluster.id}:`);
    else for (const r of resources) this.cache.invalidate(`cluster:${cluster.id}:${r}`);
  }

  private async read<T>(cluster: ClusterRow, resource: Resource, ttlSeconds: number, load: (client: SwarmReads) => Promise<T>): Promise<Fetched<T>> {
    const key = `cluster:${cluster.id}:${resource}`;
    try {
      const cached = await this.cache.get(key, ttlSeconds * 1000, () => this.connections.read(cluster, (client) => load(client)));
      return { data: cached.value, fetchedAt: new Date(cached.fetchedAt).toISOString(), stale: false };
    } catch (error) {
      const last = this.cache.stale<T>(key);
      if (error instanceof ClusterUnreachableError && last) {
        return { data: last.value, fetchedAt: new Date(last.fetchedAt).toISOString(), stale: true, reason: error.message };
      }
      throw error;
    }
  }
}

function combine<T>(parts: Fetched<unknown>[], data: T): Fetched<T> {
  const stale = parts.find((p) => p.stale);
  const oldest = parts.map((p) => p.fetchedAt).sort()[0] ?? new Date().toISOString();
  return stale ? { data, fetchedAt: oldest, stale: true, reason: stale.reason } : { data, fetchedAt: oldest, stale: false };
}

function byServiceThenSlot(a: TaskView, b: TaskView): number {
  return (a.serviceName ?? '').localeCompare(b.serviceName ?? '') || (a.slot ?? 0) - (b.slot ?? 0) || (b.updatedAt ?? '').localeCompare(a.updatedAt ?? '');
}
