/**
 * Node operations: availability, role, removal, labels, and joining new nodes. Every rule is checked on a
 * fresh read of the swarm (not the cache), every write carries the node's version, drops the cached reads it
 * made stale and is recorded with who did it.
 */
import type { HostServices, Principal } from '../contract/host.ts';
import type { ClusterServerRepository } from '../db/repositories/cluster-server-repository.ts';
import type { ClusterRow } from '../db/schema.ts';
import type { EngineNode, EngineNodeSpec, SwarmClient, WriteRecord } from '../docker/index.ts';
import { checkDemotion, checkPromotion } from '../domain/manager-quorum.ts';
import { applyLabelChanges, type LabelChanges } from '../domain/node-labels.ts';
import { checkNodeRemoval } from '../domain/node-removal.ts';
import { type DrainImpact, drainImpact, tasksLeftOnNode } from '../domain/node-tasks.ts';
import { type NodeSummary, toNodeSummary } from '../domain/swarm-summaries.ts';
import type { Verdict } from '../domain/verdict.ts';
import type { ManagerAccess } from './cluster-connections.ts';
import type { ClusterSync } from './cluster-sync.ts';
import { ClusterUnreachableError, ServiceError } from './errors.ts';
import type { OperationLog } from './operation-log.ts';
import type { SwarmState } from './swarm-state.ts';

export type Availability = 'active' | 'pause' | 'drain';
export type JoinRole = 'worker' | 'manager';

const AVAILABILITY_ACTION: Record<Availability, string> = { active: 'node.activate', pause: 'node.pause', drain: 'node.drain' };
const SWARM_PORT = 2377;

export interface AvailabilityResult {
  node: NodeSummary;
  /** For a drain: the tasks that leave the node. */
  impact: DrainImpact | null;
}

export interface JoinCommand {
  role: JoinRole;
  token: string;
  managerAddr: string;
  /** `docker swarm join --token <token> <addr>` as text, and as an argument vector (no shell). */
  command: string;
  args: string[];
  /** True when no manager answered and the stored token and address were used. */
  stale: boolean;
}

export interface JoinedNode {
  node: NodeSummary;
  /** The known server the node was linked to by its address, if any. */
  server: { id: string; name: string } | null;
}

export class NodeOperations {
  constructor(
    private readonly host: { servers: Pick<HostServices['servers'], 'get'>; crypto: Pick<HostServices['crypto'], 'decrypt'> },
    private readonly connections: ManagerAccess,
    private readonly clusterServers: Pick<ClusterServerRepository, 'listForCluster' | 'link'>,
    private readonly state: Pick<SwarmState, 'invalidate'>,
    private readonly sync: Pick<ClusterSync, 'sync'>,
    private readonly log: Pick<OperationLog, 'record'>,
  ) {}

  /** One node, read fresh (for a form about to change it). */
  node(cluster: ClusterRow, nodeRef: string): Promise<NodeSummary> {
    return this.withNode(cluster, nodeRef, async (client, node) => toNodeSummary(node, await client.listTasks({ node: node.ID })));
  }

  /** What draining a node would move, read fresh for the confirmation. */
  drainPreview(cluster: ClusterRow, nodeRef: string): Promise<AvailabilityResult & { impact: DrainImpact }> {
    return this.connections.read(cluster, async (client) => {
      const [nodes, tasks, services] = await Promise.all([client.listNodes(), client.listTasks(), client.listServices()]);
      const node = findNode(nodes, nodeRef);
      return { node: toNodeSummary(node, tasks), impact: drainImpact(node.ID, tasks, services) };
    });
  }

  /** Tasks still on a node (counting down while a drain moves them). */
  tasksLeft(cluster: ClusterRow, nodeRef: string): Promise<{ node: NodeSummary; left: number }> {
    return this.withNode(cluster, nodeRef, async (client, node) => {
      const tasks = await client.listTasks({ node: node.ID });
      return { node: toNodeSummary(node, tasks), left: tasksLeftOnNode(node.ID, tasks) };
    });
  }

  async setAvailability(cluster: ClusterRow, principal: Principal, nodeRef: string, availability: Availability): Promise<AvailabilityResult> {
    const record: WriteRecord<EngineNodeSpec> = {};
    const result = await this.withNode(cluster, nodeRef, async (client, node) => {
      let impact: DrainImpact | null = null;
      if (availability === 'drain') {
        const [tasks, services] = await Promise.all([client.listTasks({ node: node.ID }), client.listServices()]);
        impact = drainImpact(node.ID, tasks, services);
      }
      await client.modifyNode(node.ID, (spec) => ({ ...spec, Availability: availability }), { record });
      return { node: await this.freshView(client, node.ID), impact, previous: node.Spec.Availability };
    });
    this.written(cluster, principal, result.node, AVAILABILITY_ACTION[availability], {
      availability,
      previous: result.previous,
      ...(result.impact ? { tasks: String(result.impact.tasks) } : {}),
    });
    return { node: result.node, impact: result.impact };
  }

  promote(cluster: ClusterRow, principal: Principal, nodeRef: string): Promise<NodeSummary> {
    return this.changeRole(cluster, principal, nodeRef, 'manager', checkPromotion);
  }

  demote(cluster: ClusterRow, principal: Principal, nodeRef: string): Promise<NodeSummary> {
    return this.changeRole(cluster, principal, nodeRef, 'worker', checkDemotion);
  }

  /** Removes a node from the swarm; refuses managers, and nodes up or not drained unless forced. */
  async remove(
    cluster: ClusterRow,
    principal: Principal,
    nodeRef: string,
    options: { force: boolean },
  ): Promise<{ node: NodeSummary; warning: string | null }> {
    const result = await this.withNode(cluster, nodeRef, async (client, found) => {
      const node = toNodeSummary(found, []);
      const verdict = checkNodeRemoval(node, options);
      if (!verdict.ok) throw new ServiceError('conflict', verdict.reason);
      await client.removeNode(node.id, { force: options.force });
      return { node, warning: verdict.warning ?? null };
    });
    for (const link of this.clusterServers.listForCluster(cluster.id).filter((l) => l.nodeId === result.node.id)) {
      this.clusterServers.link({ ...link, nodeId: null });
    }
    this.written(cluster, principal, result.node, 'node.remove', { force: String(options.force) });
    return result;
  }

  async updateLabels(cluster: ClusterRow, principal: Principal, nodeRef: string, changes: LabelChanges): Promise<NodeSummary> {
    const record: WriteRecord<EngineNodeSpec> = {};
    const node = await this.withNode(cluster, nodeRef, async (client, target) => {
      await client.modifyNode(target.ID, (spec) => ({ ...spec, Labels: applyLabelChanges(spec.Labels, changes) }), { record });
      return this.freshView(client, target.ID);
    });
    this.written(cluster, principal, node, 'node.labels', {
      ...(Object.keys(changes.add).length ? { added: Object.keys(changes.add).join(',') } : {}),
      ...(changes.remove.length ? { removed: changes.remove.join(',') } : {}),
    });
    return node;
  }

  /**
   * The command a new node runs to join, with the current token (read fresh: tokens can be rotated) and the
   * address of a reachable manager. When no manager answers, the token stored at the last sync is used.
   */
  async joinCommand(cluster: ClusterRow, principal: Principal, role: JoinRole): Promise<JoinCommand> {
    let token: string;
    let managerAddr: string;
    let stale = false;
    try {
      ({ token, managerAddr } = await this.connections.read(cluster, async (client) => {
        const [swarm, nodes] = await Promise.all([client.swarm(), client.listNodes()]);
        return { token: role === 'manager' ? swarm.JoinTokens.Manager : swarm.JoinTokens.Worker, managerAddr: managerAddress(nodes) };
      }));
    } catch (error) {
      if (!(error instanceof ClusterUnreachableError)) throw error;
      ({ token, managerAddr } = await this.storedJoinFacts(cluster, role, error));
      stale = true;
    }
    const args = ['docker', 'swarm', 'join', '--token', token, managerAddr];
    this.log.record(cluster, principal, { action: 'node.join-command', actorId: '', actorName: null, attributes: { role } });
    return { role, token, managerAddr, command: args.join(' '), args, stale };
  }

  /** The ids of the swarm's nodes now, read fresh (what a join is compared with). */
  async nodeIds(cluster: ClusterRow): Promise<string[]> {
    return (await this.connections.read(cluster, (client) => client.listNodes())).map((n) => n.ID);
  }

  /** Nodes of the swarm that are not in `knownIds`: the ones that joined since the list was taken. */
  async joinedSince(cluster: ClusterRow, knownIds: readonly string[]): Promise<JoinedNode[]> {
    const known = new Set(knownIds);
    const nodes = await this.connections.read(cluster, (client) => client.listNodes());
    const joined = nodes.filter((n) => !known.has(n.ID));
    if (joined.length === 0) return [];
    // A sync links the team's known servers to nodes by address (and refreshes the cluster's counts).
    await this.sync.sync(cluster);
    const links = this.clusterServers.listForCluster(cluster.id);
    return Promise.all(
      joined.map(async (node) => {
        const link = links.find((l) => l.nodeId === node.ID);
        const server = link ? await this.host.servers.get({ teamId: cluster.teamId, serverId: link.serverId }) : null;
        return { node: toNodeSummary(node, []), server: server ? { id: server.id, name: server.name } : null };
      }),
    );
  }

  private async changeRole(
    cluster: ClusterRow,
    principal: Principal,
    nodeRef: string,
    role: 'manager' | 'worker',
    check: (nodes: NodeSummary[], nodeId: string) => Verdict,
  ): Promise<NodeSummary> {
    const record: WriteRecord<EngineNodeSpec> = {};
    const node = await this.withNode(cluster, nodeRef, async (client, target, nodes) => {
      const verdict = check(
        nodes.map((n) => toNodeSummary(n, [])),
        target.ID,
      );
      if (!verdict.ok) throw new ServiceError('conflict', verdict.reason);
      await client.modifyNode(target.ID, (spec) => ({ ...spec, Role: role }), { record });
      return this.freshView(client, target.ID);
    });
    this.written(cluster, principal, node, role === 'manager' ? 'node.promote' : 'node.demote', {});
    return node;
  }

  /** Runs `fn` on a manager with the node `nodeRef` names and every node, read fresh. */
  private withNode<T>(cluster: ClusterRow, nodeRef: string, fn: (client: SwarmClient, node: EngineNode, nodes: EngineNode[]) => Promise<T>): Promise<T> {
    return this.connections.withManager(cluster, async (client) => {
      const nodes = await client.listNodes();
      return fn(client, findNode(nodes, nodeRef), nodes);
    });
  }

  private async freshView(client: SwarmClient, nodeId: string): Promise<NodeSummary> {
    const [node, tasks] = await Promise.all([client.inspectNode(nodeId), client.listTasks({ node: nodeId })]);
    return toNodeSummary(node, tasks);
  }

  private written(cluster: ClusterRow, principal: Principal, node: NodeSummary, action: string, attributes: Record<string, string>): void {
    this.state.invalidate(cluster, ['nodes', 'tasks', 'info']);
    this.log.record(cluster, principal, { action, actorId: node.id, actorName: node.hostname, attributes });
  }

  private async storedJoinFacts(cluster: ClusterRow, role: JoinRole, cause: ClusterUnreachableError) {
    const ciphertext = role === 'manager' ? cluster.joinTokenManager : cluster.joinTokenWorker;
    const server = await this.host.servers.get({ teamId: cluster.teamId, serverId: cluster.managerServerId });
    if (!ciphertext || !server) throw cause;
    return { token: await this.host.crypto.decrypt({ ciphertext }), managerAddr: `${server.ip}:${SWARM_PORT}` };
  }
}

/** A node by id or hostname; a hostname shared by several nodes (a rejoined machine) must be given as an id. */
export function findNode(nodes: readonly EngineNode[], ref: string): EngineNode {
  const byId = nodes.find((n) => n.ID === ref);
  if (byId) return byId;
  const named = nodes.filter((n) => n.Description.Hostname === ref);
  if (named.length === 1) return named[0]!;
  if (named.length > 1) {
    throw new ServiceError('validation_failed', `${named.length} nodes are named ${ref}: give the node id`, { field: 'nodeId' });
  }
  throw new ServiceError('not_found', `node ${ref} is not part of this cluster`);
}

/** The leader's swarm address, else any reachable manager's (`ip:2377`). */
export function managerAddress(nodes: readonly EngineNode[]): string {
  const managers = nodes.filter((n) => n.ManagerStatus && n.ManagerStatus.Reachability === 'reachable');
  const chosen = managers.find((n) => n.ManagerStatus?.Leader) ?? managers[0];
  if (!chosen?.ManagerStatus) throw new ServiceError('cluster_unreachable', 'no reachable manager to join');
  const addr = chosen.ManagerStatus.Addr;
  return /:\d+$/.test(addr) ? addr : `${addr}:${SWARM_PORT}`;
}
