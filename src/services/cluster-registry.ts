/**
 * Team-scoped cluster records: list, read, create by hand, edit, delete. Every lookup takes the
 * team, so another team's cluster is "not found", never "forbidden".
 */
import type { ClusterServerRef, HostServices } from '../contract/host.ts';
import type { ClusterRepository } from '../db/repositories/cluster-repository.ts';
import type { ClusterServerRepository } from '../db/repositories/cluster-server-repository.ts';
import type { ClusterRow } from '../db/schema.ts';
import { applySettingsChange, type ClusterSettingsInput } from '../domain/cluster-settings.ts';
import type { ClusterDetection } from './cluster-detection.ts';
import { ServiceError } from './errors.ts';
import type { SwarmEventHub } from './swarm-event-hub.ts';
import type { SwarmState } from './swarm-state.ts';

export class ClusterRegistry {
  constructor(
    private readonly host: HostServices,
    private readonly clusters: ClusterRepository,
    private readonly clusterServers: ClusterServerRepository,
    private readonly detection: ClusterDetection,
    private readonly state: SwarmState,
    /** Closes the event stream of a deleted cluster. */
    private readonly live: Pick<SwarmEventHub, 'unwatch'>,
  ) {}

  list(teamId: string): ClusterRow[] {
    return this.clusters.listForTeam(teamId);
  }

  countForTeam(teamId: string): number {
    return this.clusters.countForTeam(teamId);
  }

  get(teamId: string, uuid: string): ClusterRow {
    const cluster = this.clusters.findByUuid(teamId, uuid);
    if (!cluster) throw new ServiceError('not_found', `cluster ${uuid} not found`);
    return cluster;
  }

  servers(cluster: ClusterRow) {
    return this.clusterServers.listForCluster(cluster.id);
  }

  /** The cluster's servers as the host's `authorize` receives them: the manager it was registered with, then the linked ones. */
  serverRefs(cluster: ClusterRow): ClusterServerRef[] {
    const refs = new Map<string, boolean>();
    if (cluster.managerServerId) refs.set(cluster.managerServerId, true);
    for (const link of this.clusterServers.listForCluster(cluster.id)) refs.set(link.serverId, (refs.get(link.serverId) ?? false) || link.isManager);
    return [...refs].map(([serverId, manager]) => ({ serverId, manager }));
  }

  async create(teamId: string, input: { name: string; description?: string | null; managerServerId: string }): Promise<ClusterRow> {
    const server = await this.teamServer(teamId, input.managerServerId);
    return this.detection.registerFromServer(teamId, server, input);
  }

  async update(
    cluster: ClusterRow,
    patch: { name?: string; description?: string | null; managerServerId?: string; settings?: ClusterSettingsInput },
  ): Promise<ClusterRow> {
    if (patch.managerServerId && patch.managerServerId !== cluster.managerServerId) {
      const server = await this.teamServer(cluster.teamId, patch.managerServerId);
      const probe = await this.detection.probe(server);
      if (!('swarmId' in probe) || probe.swarmId !== cluster.swarmId) {
        throw new ServiceError('validation_failed', `server ${server.name} is not a reachable manager of this cluster's swarm`, { field: 'managerServerId' });
      }
      this.clusterServers.link({ clusterId: cluster.id, serverId: server.id, isManager: true });
    }
    const { settings: change, ...fields } = patch;
    const settings = change ? applySettingsChange(cluster.settings, change) : undefined;
    const updated = this.clusters.update(cluster.id, {
      ...fields,
      ...(settings ? { settings: Object.keys(settings).length ? settings : null } : {}),
    });
    if (!updated) throw new ServiceError('not_found', `cluster ${cluster.uuid} not found`);
    return updated;
  }

  delete(cluster: ClusterRow): void {
    this.clusters.delete(cluster.id);
    this.state.invalidate(cluster);
    void this.live.unwatch(cluster.id);
  }

  private async teamServer(teamId: string, serverId: string) {
    const server = await this.host.servers.get({ teamId, serverId });
    if (!server) {
      throw new ServiceError('validation_failed', `managerServerId: no server ${serverId} in this team`, { field: 'managerServerId' });
    }
    return server;
  }
}
