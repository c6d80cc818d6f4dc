/**
 * Finds the swarms behind a team's swarm-manager servers and registers each once, keyed by swarm id:
 * running detection again creates nothing new, and several managers of one swarm give one cluster.
 */
import { randomUUID } from 'node:crypto';
import type { HostServer, HostServices } from '../contract/host.ts';
import type { ClusterRepository } from '../db/repositories/cluster-repository.ts';
import type { ClusterServerRepository } from '../db/repositories/cluster-server-repository.ts';
import type { ClusterRow } from '../db/schema.ts';
import type { EngineInfo } from '../docker/index.ts';
import type { ClusterConnections } from './cluster-connections.ts';
import type { ClusterSync } from './cluster-sync.ts';
import { ServiceError } from './errors.ts';
import type { SwarmEventHub } from './swarm-event-hub.ts';

export interface DetectionResult {
  clusters: ClusterRow[];
  created: number;
  skipped: { serverId: string; serverName: string; reason: string }[];
}

/** The swarm id of a server that can manage its swarm, or why it cannot be used. */
export function managedSwarmId(info: EngineInfo): { swarmId: string } | { reason: string } {
  const swarm = info.Swarm;
  if (swarm?.LocalNodeState !== 'active') return { reason: `not part of an active swarm (state: ${swarm?.LocalNodeState ?? 'unknown'})` };
  if (!swarm.ControlAvailable || !swarm.Cluster?.ID) return { reason: 'a swarm worker, not a manager' };
  return { swarmId: swarm.Cluster.ID };
}

export class ClusterDetection {
  constructor(
    private readonly host: HostServices,
    private readonly clusters: ClusterRepository,
    private readonly clusterServers: ClusterServerRepository,
    private readonly connections: ClusterConnections,
    private readonly sync: ClusterSync,
    /** Opens the event stream of each cluster found or registered. */
    private readonly live: Pick<SwarmEventHub, 'watch'>,
  ) {}

  async detect(teamId: string): Promise<DetectionResult> {
    const servers = (await this.host.servers.listForTeam({ teamId })).filter((s) => s.swarmManager);
    const result: DetectionResult = { clusters: [], created: 0, skipped: [] };
    const found = new Map<number, ClusterRow>();
    for (const server of servers) {
      const probe = await this.probe(server);
      if ('reason' in probe) {
        result.skipped.push({ serverId: server.id, serverName: server.name, reason: probe.reason });
        continue;
      }
      let cluster = this.clusters.findBySwarmId(teamId, probe.swarmId);
      if (!cluster) {
        cluster = this.register(teamId, server, probe.swarmId, `${server.name} swarm`);
        result.created++;
      }
      this.clusterServers.link({ clusterId: cluster.id, serverId: server.id, isManager: true });
      this.live.watch(cluster);
      found.set(cluster.id, cluster);
    }
    for (const cluster of found.values()) result.clusters.push(await this.sync.sync(cluster));
    return result;
  }

  /** Registers a swarm reached through `server`, refusing a swarm the team already has. */
  async registerFromServer(teamId: string, server: HostServer, fields: { name: string; description?: string | null }): Promise<ClusterRow> {
    const probe = await this.probe(server);
    if ('reason' in probe) {
      const code = probe.unreachable ? 'cluster_unreachable' : 'not_a_manager';
      throw new ServiceError(code, `server ${server.name} cannot manage a swarm: ${probe.reason}`);
    }
    const existing = this.clusters.findBySwarmId(teamId, probe.swarmId);
    if (existing) {
      throw new ServiceError('conflict', `this swarm is already registered as cluster ${existing.name}`, { uuid: existing.uuid });
    }
    const cluster = this.register(teamId, server, probe.swarmId, fields.name, fields.description ?? null);
    this.clusterServers.link({ clusterId: cluster.id, serverId: server.id, isManager: true });
    this.live.watch(cluster);
    return this.sync.sync(cluster);
  }

  /** Reads the server's swarm membership. */
  async probe(server: HostServer): Promise<{ swarmId: string } | { reason: string; unreachable?: true }> {
    try {
      return managedSwarmId(await this.connections.clientFor(server).info());
    } catch (error) {
      return { reason: `unreachable: ${(error as Error).message}`, unreachable: true };
    }
  }

  private register(teamId: string, server: HostServer, swarmId: string, name: string, description: string | null = null): ClusterRow {
    return this.clusters.insert({
      uuid: randomUUID(),
      teamId,
      name,
      description,
      managerServerId: server.id,
      swarmId,
    });
  }
}
