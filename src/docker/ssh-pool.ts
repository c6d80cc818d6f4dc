import type { HostServer } from '../contract/host.ts';
import type { HostKeyStore } from './host-keys.ts';
import { SshStreamTransport } from './ssh-stream-transport.ts';
import { SshTransport, type SshTransportOptions, type SshTransportStats } from './ssh-transport.ts';

/** What the pool needs of a server: the host contract's `HostServer` fits. */
export type SshServer = Pick<HostServer, 'id' | 'ip' | 'port' | 'user' | 'dockerSocketPath'>;

export interface SshConnectionPoolOptions {
  /** The server's private key, fetched at each connect (the host's `servers.privateKey`). */
  privateKey: (serverId: string) => Promise<string | Buffer>;
  hostKeys: HostKeyStore;
  /** Tuning shared by every transport (channel cap, keepalive, idle close, backoff, timeouts). */
  transport?: Omit<SshTransportOptions, 'serverId' | 'host' | 'port' | 'username' | 'socketPath' | 'privateKey' | 'hostKeys'>;
  /** Long-lived streams open at once to one server, on connections of their own (default 32). */
  streamsPerServer?: number;
}

/** A transport's counters, with the server it connects to. */
export type ServerSshStats = SshTransportStats & { serverId: string };

interface Entry {
  address: string;
  /** Requests: one connection. */
  transport: SshTransport;
  /** Long-lived streams: connections of their own, added as they are needed. */
  streams: SshStreamTransport;
}

/** Per server id: one SshTransport (one SSH connection) for requests, and the server's stream connections. */
export class SshConnectionPool {
  private readonly options: SshConnectionPoolOptions;
  private readonly entries = new Map<string, Entry>();

  constructor(options: SshConnectionPoolOptions) {
    this.options = options;
  }

  /** The server's transport; replaced (the old one closed) when its address, user or socket changed. */
  get(server: SshServer): SshTransport {
    return this.entry(server).transport;
  }

  /** The server's transport for long-lived streams (see SshStreamTransport). */
  streams(server: SshServer): SshStreamTransport {
    return this.entry(server).streams;
  }

  /** Closes and forgets one server's transports (server deleted, or its key rotated). */
  async remove(serverId: string): Promise<void> {
    const entry = this.entries.get(serverId);
    this.entries.delete(serverId);
    if (entry) await closeEntry(entry);
  }

  async closeAll(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(entries.map(closeEntry));
  }

  /** Counters of every request transport, by server (stream connections are apart: `streamStats`), for diagnostics and tests. */
  stats(): ServerSshStats[] {
    return [...this.entries].map(([serverId, entry]) => ({ serverId, ...entry.transport.stats() }));
  }

  /** Counters of every stream connection. */
  streamStats(): SshTransportStats[] {
    return [...this.entries.values()].flatMap((entry) => entry.streams.stats());
  }

  /** The server's entry; replaced (the old one closed) when its address, user or socket changed. */
  private entry(server: SshServer): Entry {
    const address = `${server.user}@${server.ip}:${server.port}${server.dockerSocketPath}`;
    const existing = this.entries.get(server.id);
    if (existing?.address === address) return existing;
    if (existing) void closeEntry(existing);
    const connect = () =>
      new SshTransport({
        ...this.options.transport,
        serverId: server.id,
        host: server.ip,
        port: server.port,
        username: server.user,
        socketPath: server.dockerSocketPath,
        privateKey: () => this.options.privateKey(server.id),
        hostKeys: this.options.hostKeys,
      });
    const entry = { address, transport: connect(), streams: new SshStreamTransport(server.id, connect, this.options.streamsPerServer ?? 32) };
    this.entries.set(server.id, entry);
    return entry;
  }

  get size(): number {
    return this.entries.size;
  }
}

async function closeEntry(entry: Entry): Promise<void> {
  await Promise.all([entry.transport.close(), entry.streams.close()]);
}
