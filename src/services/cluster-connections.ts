/**
 * Reaches a cluster's swarm through one of its managers. The manager that answered last is tried
 * first; when it is unreachable (or no longer a manager) the next known manager is used.
 */
import type { HostServer, HostServices } from '../contract/host.ts';
import type { ClusterRow } from '../db/schema.ts';
import type { ClusterServerRepository } from '../db/repositories/cluster-server-repository.ts';
import { DockerError, SwarmClient, type ServerSshStats, type SshConnectionPool, type SshTransportStats } from '../docker/index.ts';
import { ClusterUnreachableError } from './errors.ts';

/** Failures that say "try another manager", as opposed to answers about the request itself. */
function isManagerFailure(error: unknown): boolean {
  if (!(error instanceof DockerError)) return false;
  return ['unreachable', 'timeout', 'auth', 'host_key_mismatch', 'precondition'].includes(error.code);
}

/**
 * Work run against the first manager of a cluster that answers. `Client` is what the work uses of the manager's
 * client: a service declares just that, and a test hands it a fake of just that.
 */
export interface ManagerAccess<Client = SwarmClient> {
  withManager<T>(cluster: ClusterRow, fn: (client: Client, server: HostServer) => Promise<T>): Promise<T>;
}

export class ClusterConnections implements ManagerAccess {
  private readonly clients = new Map<string, SwarmClient>();
  private readonly preferred = new Map<number, string>();

  constructor(
    private readonly host: HostServices,
    private readonly clusterServers: ClusterServerRepository,
    private readonly pool: SshConnectionPool,
  ) {}

  /** A client for one host server (used before a cluster exists, e.g. by detection). */
  clientFor(server: HostServer): SwarmClient {
    let client = this.clients.get(server.id);
    const transport = this.pool.get(server);
    if (client?.transport !== transport) {
      client = new SwarmClient(transport);
      this.clients.set(server.id, client);
    }
    return client;
  }

  /** Runs `fn` against the first manager of the cluster that answers. */
  async withManager<T>(cluster: ClusterRow, fn: (client: SwarmClient, server: HostServer) => Promise<T>): Promise<T> {
    const reasons: string[] = [];
    for (const serverId of this.candidates(cluster)) {
      const server = await this.host.servers.get({ teamId: cluster.teamId, serverId });
      if (!server) continue;
      try {
        const result = await fn(this.clientFor(server), server);
        this.preferred.set(cluster.id, serverId);
        return result;
      } catch (error) {
        if (!isManagerFailure(error)) throw error;
        reasons.push(`${server.name} (${server.ip}): ${(error as Error).message}`);
      }
    }
    throw new ClusterUnreachableError(reasons.length ? reasons : ['the cluster has no manager server']);
  }

  /** Connection counters summed over every server (connections made, channels opened). */
  stats(): Pick<SshTransportStats, 'connectsTotal' | 'channelsOpened' | 'channelsPeak'> {
    const all = this.pool.stats();
    return {
      connectsTotal: all.reduce((n, s) => n + s.connectsTotal, 0),
      channelsOpened: all.reduce((n, s) => n + s.channelsOpened, 0),
      channelsPeak: Math.max(0, ...all.map((s) => s.channelsPeak)),
    };
  }

  /** Each server's connection counters. */
  serverStats(): ServerSshStats[] {
    return this.pool.stats();
  }

  async close(): Promise<void> {
    this.clients.clear();
    await this.pool.closeAll();
  }

  private candidates(cluster: ClusterRow): string[] {
    const linkedManagers = this.clusterServers
      .listForCluster(cluster.id)
      .filter((link) => link.isManager)
      .map((link) => link.serverId);
    const first = this.preferred.get(cluster.id);
    return [...new Set([first, cluster.managerServerId, ...linkedManagers].filter((id): id is string => !!id))];
  }
}
