/**
 * Cached reads of a cluster's swarm. One upstream list per resource whatever the node count,
 * single-flight per cluster and resource, and the last known data (marked stale, with the reason)
 * when no manager answers.
 */
import type { PluginSettings } from '../contract/host.ts';
import type { ClusterRow } from '../db/schema.ts';
import type { EngineInfo, EngineNode, EngineService, EngineSwarm, EngineTaskRecord, SwarmClient } from '../docker/index.ts';
import { groupBy } from '../domain/group-by.ts';
import {
  isWantedTask,
  type NodeSummary,
  type SwarmServiceSummary,
  serviceNameMap,
  type TaskSummary,
  toNodeSummaries,
  toSwarmServiceSummaries,
  toTaskSummary,
} from '../domain/swarm-summaries.ts';
import type { ManagerAccess } from './cluster-connections.ts';
import { ServiceError } from './errors.ts';
import { combine, type Fetched, readLastKnown } from './last-known.ts';
import type { TtlCache } from './ttl-cache.ts';

type Resource = 'info' | 'swarm' | 'nodes' | 'services' | 'tasks';

export interface TaskFilter {
  serviceId?: string;
  nodeId?: string;
}

export interface VisualizerNode extends NodeSummary {
  tasks: TaskSummary[];
}

/** What the cached reads use of a manager's client. */
export type SwarmReads = Pick<SwarmClient, 'info' | 'swarm' | 'listNodes' | 'listServices' | 'listTaskRecords'>;

export class SwarmState {
  /**
   * The views built from one snapshot, per cluster and view: a warm read answers them as built, and they are
   * built again only when one of the lists they come from was read again.
   */
  private readonly built = new Map<string, { from: readonly unknown[]; view: unknown }>();

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

  /** Each task with the fields the views use only (TaskRecordSchema): 10,000 tasks are 12 MB as the engine sends them. */
  rawTasks(cluster: ClusterRow): Promise<Fetched<EngineTaskRecord[]>> {
    return this.read(cluster, 'tasks', this.ttl.tasks, (c) => c.listTaskRecords());
  }

  async nodes(cluster: ClusterRow): Promise<Fetched<NodeSummary[]>> {
    const [nodes, tasks] = await Promise.all([this.rawNodes(cluster), this.rawTasks(cluster)]);
    return combine(
      [nodes, tasks],
      this.view(cluster, 'nodes', [nodes.data, tasks.data], () => toNodeSummaries(nodes.data, tasks.data)),
    );
  }

  async node(cluster: ClusterRow, nodeId: string): Promise<Fetched<NodeSummary>> {
    const nodes = await this.nodes(cluster);
    const node = nodes.data.find((n) => n.id === nodeId || n.hostname === nodeId);
    if (!node) throw new ServiceError('not_found', `node ${nodeId} is not part of this cluster`);
    return { ...nodes, data: node };
  }

  async services(cluster: ClusterRow): Promise<Fetched<SwarmServiceSummary[]>> {
    const services = await this.rawServices(cluster);
    // Asked with status=true, the engine counts each service's tasks (ServiceStatus): the task list, ten times the
    // bytes, is then not read. A service without the counts is counted from the tasks.
    if (services.data.every((s) => s.ServiceStatus)) {
      return combine(
        [services],
        this.view(cluster, 'services', [services.data], () => toSwarmServiceSummaries(services.data, [])),
      );
    }
    const tasks = await this.rawTasks(cluster);
    return combine(
      [services, tasks],
      this.view(cluster, 'services', [services.data, tasks.data], () => toSwarmServiceSummaries(services.data, tasks.data)),
    );
  }

  async service(cluster: ClusterRow, serviceId: string): Promise<Fetched<SwarmServiceSummary>> {
    const services = await this.services(cluster);
    const service = services.data.find((s) => s.id === serviceId || s.name === serviceId);
    if (!service) throw new ServiceError('not_found', `service ${serviceId} is not part of this cluster`);
    return { ...services, data: service };
  }

  async tasks(cluster: ClusterRow, filter: TaskFilter = {}): Promise<Fetched<TaskSummary[]>> {
    const [services, tasks] = await Promise.all([this.rawServices(cluster), this.rawTasks(cluster)]);
    const all = this.view(cluster, 'tasks', [services.data, tasks.data], () => {
      const names = serviceNameMap(services.data);
      return tasks.data.map((t) => toTaskSummary(t, names)).sort(byServiceThenSlot);
    });
    const data =
      filter.serviceId || filter.nodeId
        ? all.filter((t) => (!filter.serviceId || t.serviceId === filter.serviceId) && (!filter.nodeId || t.nodeId === filter.nodeId))
        : all;
    return combine([services, tasks], data);
  }

  /** Nodes, each with the tasks the swarm wants on it (what the visualizer draws). */
  async visualizer(cluster: ClusterRow): Promise<Fetched<VisualizerNode[]>> {
    const [nodes, tasks] = await Promise.all([this.nodes(cluster), this.tasks(cluster)]);
    const data = this.view(cluster, 'visualizer', [nodes.data, tasks.data], () => {
      const byNode = groupBy(tasks.data.filter(isWantedTask), (t) => t.nodeId);
      return nodes.data.map((node) => ({ ...node, tasks: byNode.get(node.id) ?? [] }));
    });
    return combine([nodes, tasks], data);
  }

  /** Drops the cached reads of a cluster (after a write, a sync or a matching swarm event). */
  invalidate(cluster: Pick<ClusterRow, 'id'>, resources?: Resource[]): void {
    if (!resources) this.cache.invalidate(`cluster:${cluster.id}:`);
    else for (const r of resources) this.cache.invalidate(`cluster:${cluster.id}:${r}`);
    // Rebuilt from the next read anyway; dropped here so a removed cluster's views are not kept.
    for (const key of this.built.keys()) if (key.startsWith(`${cluster.id}:`)) this.built.delete(key);
  }

  /** The view built from exactly these lists (the same arrays), or a new one built and kept in its place. */
  private view<T>(cluster: Pick<ClusterRow, 'id'>, name: string, from: readonly unknown[], build: () => T): T {
    const key = `${cluster.id}:${name}`;
    const kept = this.built.get(key);
    if (kept && kept.from.length === from.length && kept.from.every((list, i) => list === from[i])) return kept.view as T;
    const view = build();
    this.built.set(key, { from, view });
    return view;
  }

  private read<T>(cluster: ClusterRow, resource: Resource, ttlSeconds: number, load: (client: SwarmReads) => Promise<T>): Promise<Fetched<T>> {
    return readLastKnown(this.cache, `cluster:${cluster.id}:${resource}`, ttlSeconds * 1000, () => this.connections.read(cluster, (client) => load(client)));
  }
}

/** One collator for the sort: `localeCompare` per comparison sets one up each time (slow on 10,000 tasks). */
const collator = new Intl.Collator();

function byServiceThenSlot(a: TaskSummary, b: TaskSummary): number {
  return collator.compare(a.serviceName ?? '', b.serviceName ?? '') || (a.slot ?? 0) - (b.slot ?? 0) || (b.updatedAt ?? '').localeCompare(a.updatedAt ?? '');
}
