import type { HostServer } from '../contract/host.ts';
import type { HostKeyStore } from './host-keys.ts';
import { SshTransport, type SshTransportOptions, type SshTransportStats } from './ssh-transport.ts';

/** What the pool needs of a server: the host contract's `HostServer` fits. */
export type SshServer = Pick<HostServer, 'id' | 'ip' | 'port' | 'user' | 'dockerSocketPath'>;

export interface SshConnectionPoolOptions {
  /** The server's private key, fetched at each connect (the host's `servers.privateKey`). */
  privateKey: (serverId: string) => Promise<string | Buffer>;
  hostKeys: HostKeyStore;
  /** Tuning shared by every transport (channel cap, keepalive, idle close, backoff, timeouts). */
  transport?: Omit<SshTransportOptions, 'serverId' | 'host' | 'port' | 'username' | 'socketPath' | 'privateKey' | 'hostKeys'>;
}

/** A transport's counters, with the server it connects to. */
export type ServerSshStats = SshTransportStats & { serverId: string };

/** One SshTransport (so one SSH connection) per server id. */
export class SshConnectionPool {
  private readonly options: SshConnectionPoolOptions;
  private readonly entries = new Map<string, { address: string; transport: SshTransport }>();

  constructor(options: SshConnectionPoolOptions) {
    this.options = options;
  }

  /** The server's transport; replaced (the old one closed) when its address, user or socket changed. */
  get(server: SshServer): SshTransport {
    const address = `${server.user}@${server.ip}:${server.port}${server.dockerSocketPath}`;
    const existing = this.entries.get(server.id);
    if (existing?.address === address) return existing.transport;
    if (existing) void existing.transport.close();
    const transport = new SshTransport({
      ...this.options.transport,
      serverId: server.id,
      host: server.ip,
      port: server.port,
      username: server.user,
      socketPath: server.dockerSocketPath,
      privateKey: () => this.options.privateKey(server.id),
      hostKeys: this.options.hostKeys,
    });
    this.entries.set(server.id, { address, transport });
    return transport;
  }

  /** Closes and forgets one server's transport (server deleted, or its key rotated). */
  async remove(serverId: string): Promise<void> {
    const entry = this.entries.get(serverId);
    this.entries.delete(serverId);
    await entry?.transport.close();
  }

  async closeAll(): Promise<void> {
    const transports = [...this.entries.values()].map((entry) => entry.transport);
    this.entries.clear();
    await Promise.all(transports.map((transport) => transport.close()));
  }

  /** Counters of every transport, by server, for diagnostics and tests. */
  stats(): ServerSshStats[] {
    return [...this.entries].map(([serverId, entry]) => ({ serverId, ...entry.transport.stats() }));
  }

  get size(): number {
    return this.entries.size;
  }
}
