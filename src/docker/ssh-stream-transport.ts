import type { Duplex } from 'node:stream';
import { DockerError } from './errors.ts';
import type { SshTransport } from './ssh-transport.ts';
import type { DockerTransport, OpenStreamOptions } from './transport.ts';

/** Below OpenSSH's default MaxSessions (10), so a stock sshd takes every channel of a stream connection. */
export const STREAMS_PER_CONNECTION = 8;

/**
 * The long-lived streams of one server (followed logs, the live event stream), on SSH connections of their own:
 * a stream holds its channel for as long as someone watches, and on the request connection a few watchers
 * would leave no channel for anything else. Connections are added as streams need them, up to `limit` streams
 * in all; past it a stream is refused at once (`busy`) rather than queued behind streams that may never end.
 */
export class SshStreamTransport implements DockerTransport {
  readonly id: string;
  /** Streams open on each connection. */
  private readonly connections = new Map<SshTransport, number>();

  constructor(
    serverId: string,
    private readonly connect: () => SshTransport,
    private readonly limit: number,
  ) {
    this.id = serverId;
  }

  /** Streams open now, over every connection. */
  get open(): number {
    let open = 0;
    for (const count of this.connections.values()) open += count;
    return open;
  }

  async openStream(options: OpenStreamOptions = {}): Promise<Duplex> {
    if (this.open >= this.limit) {
      throw new DockerError('busy', `${this.limit} streams are open to server ${this.id} already: close one, or try again later`);
    }
    const transport = this.connectionWithRoom();
    this.connections.set(transport, this.connections.get(transport)! + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.connections.set(transport, this.connections.get(transport)! - 1);
    };
    try {
      const stream = await transport.openStream(options);
      stream.once('close', release);
      return stream;
    } catch (error) {
      release();
      throw error;
    }
  }

  /** Counters of each stream connection, for diagnostics and tests. */
  stats() {
    return [...this.connections.keys()].map((transport) => transport.stats());
  }

  /** Drops every stream connection as if the network had (tests, and callers that know they are stale). */
  destroyConnections(): void {
    for (const transport of this.connections.keys()) transport.destroyConnection();
  }

  async close(): Promise<void> {
    const transports = [...this.connections.keys()];
    this.connections.clear();
    await Promise.all(transports.map((transport) => transport.close()));
  }

  private connectionWithRoom(): SshTransport {
    for (const [transport, count] of this.connections) if (count < STREAMS_PER_CONNECTION) return transport;
    const transport = this.connect();
    this.connections.set(transport, 0);
    return transport;
  }
}
