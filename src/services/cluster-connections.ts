/**
 * Reaches a cluster's swarm through one of its managers. The manager that answered last is tried first, and a
 * manager that just failed (unreachable, timed out, no leader) is tried last until it answers again. Reads race
 * the managers: one that has not answered within the hedge delay is joined by the next, and the read gives up
 * at its deadline, so that a cut link costs a reader seconds, not the SSH keepalive or the request deadline.
 * A server the host marks `local` (the panel's own machine) is reached through its Docker socket instead of SSH,
 * with everything else the same.
 */
import type { HostServer, HostServices, PluginSettings } from '../contract/host.ts';
import type { ClusterServerRepository } from '../db/repositories/cluster-server-repository.ts';
import type { ClusterRow } from '../db/schema.ts';
import {
  DockerError,
  type DockerTransport,
  isNoLeader,
  LocalTransport,
  type ServerSshStats,
  type SshServer,
  type SshTransportStats,
  SwarmClient,
} from '../docker/index.ts';
import { ClusterUnreachableError } from './errors.ts';

/** Failures that say "try another manager", as opposed to answers about the request itself. */
function isManagerFailure(error: unknown): boolean {
  if (!(error instanceof DockerError)) return false;
  return ['unreachable', 'timeout', 'auth', 'host_key_mismatch', 'precondition'].includes(error.code);
}

export type ConnectionTimeouts = Pick<PluginSettings['timeoutsMs'], 'read' | 'readHedge' | 'request'>;

/**
 * Work run against the managers of a cluster. `Client` is what the work uses of the manager's client: a service
 * declares just that, and a test hands it a fake of just that.
 */
export interface ManagerAccess<Client = SwarmClient> {
  /** One manager after the other until one answers (writes, streams). */
  withManager<T>(cluster: ClusterRow, fn: (client: Client, server: HostServer) => Promise<T>): Promise<T>;
  /** The managers raced, an answer within the read deadline or a ClusterUnreachableError (reads). */
  read<T>(cluster: ClusterRow, fn: (client: Client, server: HostServer) => Promise<T>): Promise<T>;
}

type ManagerCall<T> = (client: SwarmClient, server: HostServer) => Promise<T>;

/** What connections need of the SSH pool (`SshConnectionPool`): a request and a stream transport per server. */
export interface TransportPool {
  get(server: SshServer): DockerTransport;
  streams(server: SshServer): DockerTransport;
  stats(): ServerSshStats[];
  streamStats(): SshTransportStats[];
  closeAll(): Promise<void>;
}

export class ClusterConnections implements ManagerAccess {
  private readonly clients = new Map<string, SwarmClient>();
  /** Local servers' transports, by server id: replaced when the socket path changes. */
  private readonly locals = new Map<string, LocalTransport>();
  private readonly preferred = new Map<number, string>();
  /** Servers whose last attempt failed as a manager, and since when: asked last until one answers. */
  private readonly suspects = new Map<string, number>();
  /**
   * Per cluster, the last read given up at its deadline (no manager answered, some never said no), and when. A read
   * asked within the hedge delay after it fails at once with the same error: a reader whose answer takes several
   * reads one after the other (a catch-up, then the list) would otherwise wait out the deadline for each while a
   * partition lasts. Managers that refuse at once (a changed host key, a closed port) are asked again: it costs
   * little, and the cause may just have been mended.
   */
  private readonly unanswered = new Map<number, { at: number; error: ClusterUnreachableError }>();

  constructor(
    private readonly host: Pick<HostServices, 'servers'>,
    private readonly clusterServers: Pick<ClusterServerRepository, 'listForCluster'>,
    private readonly pool: TransportPool,
    private readonly timeouts: ConnectionTimeouts,
  ) {}

  /** A client for one host server (used before a cluster exists, e.g. by detection). */
  clientFor(server: HostServer): SwarmClient {
    let client = this.clients.get(server.id);
    const { requests, streams } = this.transportsFor(server);
    if (client?.transport !== requests) {
      client = new SwarmClient(requests, { timeoutMs: this.timeouts.request, streamTransport: streams });
      this.clients.set(server.id, client);
    }
    return client;
  }

  /**
   * Over SSH: one connection for requests, others for long-lived streams. Through a local socket every stream is a
   * connection of its own already, so requests and streams share the transport.
   */
  private transportsFor(server: HostServer): { requests: DockerTransport; streams: DockerTransport } {
    if (server.transport !== 'local') return { requests: this.pool.get(server), streams: this.pool.streams(server) };
    let local = this.locals.get(server.id);
    if (local?.socketPath !== server.dockerSocketPath) {
      local = new LocalTransport({ socketPath: server.dockerSocketPath, id: server.id });
      this.locals.set(server.id, local);
    }
    return { requests: local, streams: local };
  }

  /** Runs `fn` against the managers of the cluster one after the other, until one answers (writes, streams). */
  async withManager<T>(cluster: ClusterRow, fn: ManagerCall<T>): Promise<T> {
    const failures = new Failures();
    for (const serverId of this.candidates(cluster)) {
      const server = await this.host.servers.get({ teamId: cluster.teamId, serverId });
      if (!server) continue;
      try {
        const result = await fn(this.clientFor(server), server);
        this.answered(cluster, server);
        return result;
      } catch (error) {
        if (!isManagerFailure(error)) {
          this.answered(cluster, server);
          throw error;
        }
        this.suspect(server);
        failures.add(server, error);
      }
    }
    throw failures.unreachable();
  }

  /**
   * Runs a read against the managers of the cluster, racing them: the next one is asked as well when the last
   * one asked failed or has not answered within the hedge delay; the first answer wins and the others are
   * aborted. No answer within the read deadline is a ClusterUnreachableError (callers show the last known data).
   */
  async read<T>(cluster: ClusterRow, fn: ManagerCall<T>): Promise<T> {
    const { read, readHedge } = this.timeouts;
    const unanswered = this.unanswered.get(cluster.id);
    if (unanswered && Date.now() - unanswered.at < readHedge) throw unanswered.error;
    const servers: HostServer[] = [];
    for (const serverId of this.candidates(cluster)) {
      const server = await this.host.servers.get({ teamId: cluster.teamId, serverId });
      if (server) servers.push(server);
    }
    return new Promise<T>((resolve, reject) => {
      const race = new AbortController();
      const failures = new Failures();
      const asking = new Set<HostServer>();
      let next = 0;
      let settled = false;
      let hedge: NodeJS.Timeout | undefined;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        clearTimeout(hedge);
        race.abort(new DockerError('timeout', 'the read was answered or given up'));
        outcome();
      };
      const deadline = setTimeout(() => {
        for (const server of asking) {
          this.suspect(server);
          failures.add(server, new DockerError('timeout', `no answer within ${read} ms`));
        }
        settle(() => {
          const error = failures.unreachable();
          this.unanswered.set(cluster.id, { at: Date.now(), error });
          reject(error);
        });
      }, read);
      const ask = () => {
        clearTimeout(hedge);
        const server = servers[next++];
        if (!server) {
          if (asking.size === 0) settle(() => reject(failures.unreachable()));
          return;
        }
        asking.add(server);
        fn(this.clientFor(server).with({ signal: race.signal, timeoutMs: read }), server).then(
          (value) => {
            asking.delete(server);
            if (settled) return;
            this.answered(cluster, server);
            settle(() => resolve(value));
          },
          (error: unknown) => {
            asking.delete(server);
            if (settled) return;
            if (!isManagerFailure(error)) {
              this.answered(cluster, server);
              settle(() => reject(error));
              return;
            }
            this.suspect(server);
            failures.add(server, error);
            ask();
          },
        );
        if (next < servers.length) hedge = setTimeout(ask, readHedge);
      };
      ask();
    });
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

  /** The counters of the connections that carry long-lived streams, apart from the requests'. */
  streamStats(): SshTransportStats[] {
    return this.pool.streamStats();
  }

  async close(): Promise<void> {
    this.clients.clear();
    this.locals.clear();
    await this.pool.closeAll();
  }

  private answered(cluster: ClusterRow, server: HostServer): void {
    this.unanswered.delete(cluster.id);
    this.preferred.set(cluster.id, server.id);
    this.suspects.delete(server.id);
  }

  private suspect(server: HostServer): void {
    if (!this.suspects.has(server.id)) this.suspects.set(server.id, Date.now());
  }

  /** The last manager that answered, the cluster's own, the linked ones; suspects last, longest suspected first. */
  private candidates(cluster: ClusterRow): string[] {
    const linkedManagers = this.clusterServers
      .listForCluster(cluster.id)
      .filter((link) => link.isManager)
      .map((link) => link.serverId);
    const first = this.preferred.get(cluster.id);
    const all = [...new Set([first, cluster.managerServerId, ...linkedManagers].filter((id): id is string => !!id))];
    const suspectedAt = (id: string) => this.suspects.get(id) ?? 0;
    return [...all.filter((id) => !this.suspects.has(id)), ...all.filter((id) => this.suspects.has(id)).sort((a, b) => suspectedAt(a) - suspectedAt(b))];
  }
}

/** Why each manager asked did not answer, in the order asked. */
class Failures {
  private readonly reasons = new Map<string, string>();
  private noLeader = false;

  add(server: HostServer, error: unknown): void {
    this.noLeader ||= isNoLeader(error);
    const address = server.transport === 'local' ? server.dockerSocketPath : server.ip;
    this.reasons.set(server.id, `${server.name} (${address}): ${(error as Error).message}`);
  }

  unreachable(): ClusterUnreachableError {
    const reasons = [...this.reasons.values()];
    return new ClusterUnreachableError(reasons.length ? reasons : ['the cluster has no manager server'], { noLeader: this.noLeader });
  }
}
