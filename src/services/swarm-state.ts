/**
 * Cached reads of a cluster's swarm. One upstream list per resource whatever the node count,
 * single-flight per cluster and resource, and the last known data (marked stale, with the reason)
 * when no manager answers. The kept node, service and task lists follow the event stream: what events name is
 * read again by ID (a few small reads, however many events came) and patched into the lists when they are next
 * read, so the views are rebuilt without the whole lists (12 MB of tasks at 10,000) read again. Their TTL is the
 * safety net for what no event tells (a task's state on another engine): expired by age, they answer once more
 * while one read refreshes them behind; a write, a reconnect or a failed read still makes the next reader wait.
 */
import type { PluginSettings } from '../contract/host.ts';
import type { ClusterRow } from '../db/schema.ts';
import {
  type EngineInfo,
  type EngineNode,
  type EngineService,
  type EngineServiceName,
  type EngineSwarm,
  type EngineTaskPlacement,
  type EngineTaskRecord,
  type PackedList,
  packedList,
  type SwarmClient,
  unpackList,
} from '../docker/index.ts';
import { groupBy } from '../domain/group-by.ts';
import { changedIds, nodeVersion, patchById, patchTasks, servicesOnNodes, serviceVersion } from '../domain/snapshot-patch.ts';
import { addEventChanges, hasChanges, noChanges, type SnapshotChanges } from '../domain/swarm-event-effects.ts';
import {
  isWantedTask,
  type NodeSummary,
  type SwarmServiceSummary,
  serviceNameMap,
  type TaskSummary,
  toNodeSummaries,
  toSwarmServiceSummaries,
  toTaskSummary,
  WANTED_DESIRED_STATES,
} from '../domain/swarm-summaries.ts';
import { sortByServiceThenSlot } from '../domain/task-order.ts';
import type { ManagerAccess } from './cluster-connections.ts';
import { ServiceError } from './errors.ts';
import { combine, type Fetched, readLastKnown } from './last-known.ts';
import type { GetOptions, Kept, Packing, TtlCache } from './ttl-cache.ts';

type Resource = 'info' | 'swarm' | 'nodes' | 'services' | 'service-names' | 'tasks' | 'task-placements' | 'wanted-tasks';
type ListResource = 'nodes' | 'services' | 'tasks';

/** At most this many IDs in one filtered read (the filter travels in the URL). */
const IDS_PER_READ = 100;

/** Past this share of a list named by events, the list is read whole: per object, a whole read costs less. */
const WHOLE_READ_SHARE = 0.25;

/** A service converging after a change is read again at most this often (no event says when its tasks start)... */
const FOLLOW_EVERY_MS = 1000;
/** ...and for at most this long (one stuck converging is left to the TTL). */
const FOLLOW_FOR_MS = 120_000;

export interface TaskFilter {
  serviceId?: string;
  nodeId?: string;
}

export interface VisualizerNode extends NodeSummary {
  tasks: TaskSummary[];
}

/** What the cached reads use of a manager's client. */
export type SwarmReads = Pick<SwarmClient, 'info' | 'swarm' | 'listNodes' | 'listServices' | 'listServiceNames' | 'listTaskRecords' | 'listTaskPlacements'>;

export class SwarmState {
  /**
   * The views built from one snapshot, per cluster and view: a warm read answers them as built, and they are
   * built again only when one of the lists they come from was read again.
   */
  private readonly built = new Map<string, { from: readonly unknown[]; view: unknown }>();
  /**
   * Lists kept packed (read for a TTL of 0: no read answers them again but as the last known data), and the views
   * built from them: such a view is kept for the reads that share its lists, not until the next read.
   */
  private readonly unkept = new WeakSet<object>();
  /** How task lists read for a TTL of 0 are kept as the last known data (see PackedList). */
  private readonly packedTasks: Packing<EngineTaskRecord[]> = this.packing();
  private readonly packedPlacements: Packing<EngineTaskPlacement[]> = this.packing();
  /** What the event stream said changed and the kept lists do not show yet, per cluster. */
  private readonly pending = new Map<number, SnapshotChanges>();
  /** The catch-up of a cluster's kept lists with its pending changes, while one runs. */
  private readonly catchingUp = new Map<number, Promise<void>>();
  /**
   * Services seen converging (running tasks short of or over the desired count, an update under way) after an event,
   * per cluster, with when that was first seen: their status (and their tasks, when it moved) is read again as they
   * are read, at most once a second, until they converge.
   */
  private readonly converging = new Map<number, { since: Map<string, number>; lastRead: number }>();
  /** Task lists that named a service the names read with them lacked, whose names were then read again. */
  private readonly namesReadAgainFor = new WeakSet<readonly EngineTaskRecord[]>();

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
    return this.readList(cluster, 'nodes', (c) => c.listNodes());
  }

  rawServices(cluster: ClusterRow): Promise<Fetched<EngineService[]>> {
    return this.readList(cluster, 'services', (c) => c.listServices());
  }

  /** Each task with the fields the views use only (TaskRecordSchema): 10,000 tasks are 12 MB as the engine sends them. */
  rawTasks(cluster: ClusterRow): Promise<Fetched<EngineTaskRecord[]>> {
    return this.readList(cluster, 'tasks', (c) => c.listTaskRecords({}, { packed: this.ttl.tasks === 0 }), this.packedTasks);
  }

  /** The nodes' own facts (state, role, reachability) without their task counts: no task list is read for them. */
  async nodeFacts(cluster: ClusterRow): Promise<Fetched<Omit<NodeSummary, 'taskCount'>[]>> {
    const nodes = await this.rawNodes(cluster);
    return combine(
      [nodes],
      this.view(cluster, 'node-facts', [nodes.data], () => toNodeSummaries(nodes.data, []).map(({ taskCount: _, ...facts }) => facts)),
    );
  }

  /**
   * `alone`: the caller reads no task list with the nodes (the API's node reads, the sync), so with a TTL of 0, when nothing is
   * kept to count from, the tasks are read for their nodes and desired states only. A caller that reads the tasks
   * too shares their one whole read instead.
   */
  nodes(cluster: ClusterRow, options: { alone?: boolean } = {}): Promise<Fetched<NodeSummary[]>> {
    return this.nodeSummaries(cluster, options.alone ? this.taskPlacements(cluster) : this.rawTasks(cluster), 'nodes');
  }

  async node(cluster: ClusterRow, nodeId: string, options: { alone?: boolean } = {}): Promise<Fetched<NodeSummary>> {
    const nodes = await this.nodes(cluster, options);
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
    const all = await this.taskSummaries(cluster, this.rawTasks(cluster), 'tasks');
    const data =
      filter.serviceId || filter.nodeId
        ? all.data.filter((t) => (!filter.serviceId || t.serviceId === filter.serviceId) && (!filter.nodeId || t.nodeId === filter.nodeId))
        : all.data;
    return { ...all, data };
  }

  /**
   * Nodes, each with the tasks the swarm wants on it (what the visualizer draws). Its callers read no task list
   * besides (the API's visualizer), so with a TTL of 0, when no task list is kept or being read, only the tasks wanted
   * running or ready are read: the engine leaves out the history (up to 5 tasks per slot by default).
   */
  async visualizer(cluster: ClusterRow): Promise<Fetched<VisualizerNode[]>> {
    const wantedOnly = await this.nothingKeptToCount(cluster);
    const read = wantedOnly
      ? this.read(cluster, 'wanted-tasks', 0, (c) => c.listTaskRecords({ desiredState: [...WANTED_DESIRED_STATES] }, { packed: true }), {
          packing: this.packedTasks,
        })
      : this.rawTasks(cluster);
    const [nodes, tasks] = await Promise.all([
      this.nodeSummaries(cluster, read, wantedOnly ? 'wanted-nodes' : 'nodes'),
      this.taskSummaries(cluster, read, wantedOnly ? 'wanted-tasks' : 'tasks'),
    ]);
    const data = this.view(cluster, 'visualizer', [nodes.data, tasks.data], () => {
      const byNode = groupBy(tasks.data.filter(isWantedTask), (t) => t.nodeId);
      return nodes.data.map((node) => ({ ...node, tasks: byNode.get(node.id) ?? [] }));
    });
    return combine([nodes, tasks], data);
  }

  /** The nodes' summaries, each node's tasks counted from a read of tasks, built once per pair of list reads. */
  private async nodeSummaries(cluster: ClusterRow, read: Promise<Fetched<readonly EngineTaskPlacement[]>>, view: string): Promise<Fetched<NodeSummary[]>> {
    const [nodes, tasks] = await Promise.all([this.rawNodes(cluster), read]);
    return combine(
      [nodes, tasks],
      this.view(cluster, view, [nodes.data, tasks.data], () => toNodeSummaries(nodes.data, tasks.data)),
    );
  }

  /** The summaries of a task list read, named and sorted, built once per list read. */
  private async taskSummaries(cluster: ClusterRow, read: Promise<Fetched<EngineTaskRecord[]>>, view: string): Promise<Fetched<TaskSummary[]>> {
    const [tasks, namesRead] = await Promise.all([read, this.serviceNames(cluster)]);
    const names = await this.namesCovering(cluster, tasks.data, namesRead);
    const data = this.view(cluster, view, [names.data, tasks.data], () => sortByServiceThenSlot(tasks.data.map((t) => toTaskSummary(t, names.data))));
    // The names are facts that do not age (Docker does not rename a service): when they were read is not the answer's.
    return combine(names.stale ? [names, tasks] : [tasks], data);
  }

  /** Whether no task list is kept between reads (a TTL of 0) nor being read now: a view may then read only what it needs. */
  private async nothingKeptToCount(cluster: ClusterRow): Promise<boolean> {
    return this.ttl.tasks === 0 && (await this.cache.kept(key(cluster, 'tasks'))) === undefined;
  }

  /**
   * What counting each node's tasks reads: the task list when it is kept between reads (patched from events, and read
   * by pages anyway) or being read whole now; with a TTL of 0 otherwise, the node of each task wanted running alone.
   */
  private async taskPlacements(cluster: ClusterRow): Promise<Fetched<readonly EngineTaskPlacement[]>> {
    if (!(await this.nothingKeptToCount(cluster))) return this.rawTasks(cluster);
    return this.read(cluster, 'task-placements', 0, (c) => c.listTaskPlacements({ packed: true }), { packing: this.packedPlacements });
  }

  /**
   * The services' names by ID, for naming tasks: from the services list when one is kept, or read and kept between
   * reads (a cluster whose pages show its services: after a write it is read again whole anyway); else from a read of
   * the names alone (a task list does not need 1.7 MB of service specs and counts validated at 1,000 services), kept
   * whatever the TTL: Docker does not rename a service, so a name read once stays right for its ID. They are read again
   * when a task names a service they lack (namesCovering) and after a write to the services (invalidate).
   */
  private async serviceNames(cluster: ClusterRow): Promise<Fetched<ReadonlyMap<string, string>>> {
    const servicesKey = key(cluster, 'services');
    const fromList = (await this.cache.kept(servicesKey)) !== undefined || (this.ttl.services > 0 && this.cache.stale(servicesKey) !== undefined);
    return this.nameMap(cluster, fromList ? await this.rawServices(cluster) : await this.leanServiceNames(cluster));
  }

  /** The names by ID of a read of services, built once per list read. */
  private nameMap(cluster: ClusterRow, services: Fetched<readonly EngineServiceName[]>): Fetched<ReadonlyMap<string, string>> {
    return { ...services, data: this.view(cluster, 'service-names', [services.data], () => serviceNameMap(services.data)) };
  }

  private leanServiceNames(cluster: ClusterRow): Promise<Fetched<EngineServiceName[]>> {
    return this.read(cluster, 'service-names', Number.POSITIVE_INFINITY, (c) => c.listServiceNames());
  }

  /**
   * `names`, or the names read again when `tasks` name a service they lack (a service created since they were read,
   * its tasks patched in from events): once per task list, so a task left by a removed service costs one read only.
   * Docker does not rename services, so names that cover a task list stay right for it.
   */
  private async namesCovering(
    cluster: ClusterRow,
    tasks: readonly EngineTaskRecord[],
    names: Fetched<ReadonlyMap<string, string>>,
  ): Promise<Fetched<ReadonlyMap<string, string>>> {
    const covered = this.view(cluster, 'names-cover', [names.data, tasks], () => tasks.every((t) => names.data.has(t.ServiceID)));
    if (covered || this.namesReadAgainFor.has(tasks)) return names;
    this.namesReadAgainFor.add(tasks);
    this.cache.invalidate(key(cluster, 'service-names'));
    try {
      return this.nameMap(cluster, await this.leanServiceNames(cluster));
    } catch {
      // No manager answers: the tasks are answered with the names known, the others unnamed, rather than not at all.
      return names;
    }
  }

  /**
   * Events of the cluster's stream: the objects they name are read again, by ID, before the lists are next answered
   * (a burst of them is one catch-up); a list they say nothing precise about is read again whole.
   */
  noteEvents(cluster: Pick<ClusterRow, 'id'>, events: readonly { Type: string; Actor?: { ID: string; Attributes?: Record<string, string> } }[]): void {
    const changes = addEventChanges(this.pending.get(cluster.id) ?? noChanges(), events);
    if (changes.whole.size) {
      this.invalidate(cluster, [...changes.whole]);
      changes.whole.clear();
    }
    if (hasChanges(changes)) this.pending.set(cluster.id, changes);
  }

  /** Drops the cached reads of a cluster (after a write, a sync or a reconnect of its event stream): read whole next. */
  invalidate(cluster: Pick<ClusterRow, 'id'>, resources?: Resource[]): void {
    if (!resources) this.cache.invalidate(`cluster:${cluster.id}:`);
    else for (const r of resources) this.cache.invalidate(key(cluster, r));
    if (resources?.includes('services')) this.cache.invalidate(key(cluster, 'service-names'));
    // What was pending for a list read whole next is in that read.
    const pending = this.pending.get(cluster.id);
    if (!resources) this.pending.delete(cluster.id);
    else if (pending && resources.includes('tasks')) pending.serviceTasks.clear();
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
    if (from.some((list) => this.unkept.has(list as object))) {
      if (typeof view === 'object' && view !== null) this.unkept.add(view);
      // The reads sharing its lists' load build their views in this turn of the event loop; kept past it, the view
      // would be promoted to the old generation by the next read's collections, to die there.
      setImmediate(() => {
        if (this.built.get(key)?.view === view) this.built.delete(key);
      });
    }
    return view;
  }

  private read<T>(
    cluster: ClusterRow,
    resource: Resource,
    ttlSeconds: number,
    load: (client: SwarmReads) => Promise<T>,
    options?: GetOptions<T>,
  ): Promise<Fetched<T>> {
    return readLastKnown(this.cache, key(cluster, resource), ttlSeconds * 1000, () => this.connections.read(cluster, (client) => load(client)), options);
  }

  /** A kept list, first brought up to date with what events said changed in it. */
  private async readList<T>(cluster: ClusterRow, resource: ListResource, load: (client: SwarmReads) => Promise<T>, packing?: Packing<T>): Promise<Fetched<T>> {
    if (resource !== 'nodes') this.followConverging(cluster);
    const pending = this.pending.get(cluster.id);
    const concerned = resource === 'tasks' ? pending !== undefined : (pending?.[resource].size ?? 0) > 0;
    if (concerned || this.catchingUp.has(cluster.id)) await this.catchUp(cluster);
    return readLastKnown(this.cache, key(cluster, resource), this.ttl[resource] * 1000, () => this.connections.read(cluster, (client) => load(client)), {
      staleWhileRevalidate: true,
      packing,
    });
  }

  /** Lists read with `packed` are kept packed, and noted as unkept; the list made again from them is kept as any. */
  private packing<T>(): Packing<T[]> {
    return {
      pack: (list) => {
        const packed = packedList(list);
        if (packed) this.unkept.add(list);
        return packed;
      },
      unpack: (form) => unpackList(form as PackedList<T>),
    };
  }

  /** Names the services still converging as changed, when they were last read a second ago or more. */
  private followConverging(cluster: Pick<ClusterRow, 'id'>): void {
    const followed = this.converging.get(cluster.id);
    const now = Date.now();
    if (!followed || now - followed.lastRead < FOLLOW_EVERY_MS) return;
    followed.lastRead = now;
    const changes = this.pending.get(cluster.id) ?? noChanges();
    for (const [id, since] of followed.since) {
      if (now - since > FOLLOW_FOR_MS) followed.since.delete(id);
      else changes.services.add(id);
    }
    if (followed.since.size === 0) this.converging.delete(cluster.id);
    if (hasChanges(changes)) this.pending.set(cluster.id, changes);
  }

  /** Notes which of the services just read again are converging (followed) and which are done (no longer). */
  private noteConverging(cluster: Pick<ClusterRow, 'id'>, ids: ReadonlySet<string>, services: readonly EngineService[]): void {
    const followed = this.converging.get(cluster.id) ?? { since: new Map<string, number>(), lastRead: Date.now() };
    const byId = new Map(services.map((s) => [s.ID, s]));
    for (const id of ids) {
      const service = byId.get(id);
      if (service && isConverging(service)) {
        if (!followed.since.has(id)) followed.since.set(id, Date.now());
      } else followed.since.delete(id);
    }
    if (followed.since.size) this.converging.set(cluster.id, followed);
    else this.converging.delete(cluster.id);
  }

  /** One catch-up at a time per cluster; a reader that comes during one waits for it (and starts the next if due). */
  private async catchUp(cluster: ClusterRow): Promise<void> {
    let running = this.catchingUp.get(cluster.id);
    if (running) await running;
    if (!this.pending.has(cluster.id)) return;
    running = this.catchingUp.get(cluster.id);
    if (!running) {
      const changes = this.pending.get(cluster.id)!;
      this.pending.delete(cluster.id);
      running = this.applyChanges(cluster, changes).finally(() => this.catchingUp.delete(cluster.id));
      this.catchingUp.set(cluster.id, running);
    }
    await running;
  }

  /**
   * Reads again what `changes` names and patches it into the kept lists: services and nodes first, by ID; then the
   * tasks of the services that changed, were added or went, or had tasks on a node that changed. A list not kept is
   * left to its next whole read; a read that fails leaves the lists it would have patched to one too.
   */
  private async applyChanges(cluster: ClusterRow, changes: SnapshotChanges): Promise<void> {
    const serviceTasks = new Set(changes.serviceTasks);
    const services = await this.refreshById(cluster, 'services', changes.services, (c, ids) => c.listServices({ id: ids }), serviceVersion);
    for (const id of services) serviceTasks.add(id);
    const keptServices = changes.services.size ? await this.cache.kept<EngineService[]>(key(cluster, 'services')) : undefined;
    if (keptServices) this.noteConverging(cluster, changes.services, keptServices.cached.value);
    const nodes = await this.refreshById(cluster, 'nodes', changes.nodes, (c, ids) => c.listNodes({ id: ids }), nodeVersion);
    if (serviceTasks.size === 0 && nodes.size === 0) return;
    const tasksKey = key(cluster, 'tasks');
    const tasks = await this.cache.kept<EngineTaskRecord[]>(tasksKey);
    if (!tasks) return;
    for (const id of servicesOnNodes(tasks.cached.value, nodes)) serviceTasks.add(id);
    if (serviceTasks.size === 0) return;
    const kept = await this.cache.kept<EngineService[]>(key(cluster, 'services'));
    const serviceCount = kept?.cached.value.length ?? 0;
    if (serviceTasks.size > serviceCount * WHOLE_READ_SHARE) {
      this.cache.invalidate(tasksKey);
      return;
    }
    // The engine answers 404 for a task filter naming a service that is gone: those have no tasks to read.
    const existing = kept ? new Set(kept.cached.value.map((s) => s.ID)) : null;
    const toRead = [...serviceTasks].filter((id) => !existing || existing.has(id));
    try {
      const fresh = toRead.length ? await this.connections.read(cluster, (c) => inBatches(toRead, (ids) => c.listTaskRecords({ service: ids }))) : [];
      if (!this.cache.replace(tasksKey, tasks, patchTasks(tasks.cached.value, serviceTasks, fresh))) this.cache.invalidate(tasksKey);
    } catch {
      // A service removed since (a 404), or no manager answered: the next read takes the whole list, or the last known.
      this.cache.invalidate(tasksKey);
    }
  }

  /**
   * Reads the objects `ids` names again (the whole list when they are many) and patches them into the kept list;
   * answers the IDs whose object changed (by `version`), appeared or went. With no list kept, every ID counts as
   * changed and the list is left to its next whole read.
   */
  private async refreshById<T extends { ID: string }>(
    cluster: ClusterRow,
    resource: 'nodes' | 'services',
    ids: ReadonlySet<string>,
    readByIds: (client: SwarmReads, ids: string[]) => Promise<T[]>,
    version: (item: T) => string,
  ): Promise<Set<string>> {
    if (ids.size === 0) return new Set();
    const listKey = key(cluster, resource);
    const kept: Kept<T[]> | undefined = await this.cache.kept<T[]>(listKey);
    if (!kept) return new Set(ids);
    const whole = ids.size > kept.cached.value.length * WHOLE_READ_SHARE;
    try {
      // Nothing changed (events of a change already read): the kept list stays, and so do the views built from it.
      if (whole) {
        const fresh = await this.connections.read(cluster, (c) => (resource === 'nodes' ? c.listNodes() : c.listServices()) as Promise<T[]>);
        const changed = changedIds(kept.cached.value, fresh, version);
        const list = changed.size ? fresh : kept.cached.value;
        if (!this.cache.replace(listKey, kept, list, { ttlMs: this.ttl[resource] * 1000 })) this.cache.invalidate(listKey);
        return changed;
      }
      const fresh = await this.connections.read(cluster, (c) => inBatches([...ids], (batch) => readByIds(c, batch)));
      const patched = patchById(kept.cached.value, ids, fresh);
      const changed = changedIds(kept.cached.value, patched, version, ids);
      if (changed.size && !this.cache.replace(listKey, kept, patched)) this.cache.invalidate(listKey);
      return changed;
    } catch {
      this.cache.invalidate(listKey);
      return new Set(ids);
    }
  }
}

/** A service whose tasks are still moving: counts apart, or an update or rollback under way (jobs end short). */
function isConverging(service: EngineService): boolean {
  const mode = service.Spec.Mode;
  if (mode.ReplicatedJob || mode.GlobalJob) return false;
  const status = service.ServiceStatus;
  const updating = ['updating', 'rollback_started'].includes(service.UpdateStatus?.State ?? '');
  return updating || (status !== undefined && status.RunningTasks !== status.DesiredTasks);
}

function key(cluster: Pick<ClusterRow, 'id'>, resource: Resource): string {
  return `cluster:${cluster.id}:${resource}`;
}

/** One read per batch of IDs, together. */
async function inBatches<T>(ids: string[], read: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_READ) batches.push(ids.slice(i, i + IDS_PER_READ));
  return (await Promise.all(batches.map(read))).flat();
}
