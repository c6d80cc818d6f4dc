import net from 'node:net';
import type { Duplex } from 'node:stream';
import { DockerError } from './errors.ts';
import type { DockerTransport, OpenStreamOptions } from './transport.ts';

/** Reaches an engine through its unix socket, for a host that runs on the manager itself. */
export class LocalTransport implements DockerTransport {
  readonly id: string;
  readonly socketPath: string;

  constructor(options: { socketPath?: string; id?: string } = {}) {
    this.socketPath = options.socketPath ?? '/var/run/docker.sock';
    this.id = options.id ?? `local:${this.socketPath}`;
  }

  openStream(options: OpenStreamOptions = {}): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      options.signal?.throwIfAborted();
      const socket = net.connect(this.socketPath);
      const onAbort = () => socket.destroy(options.signal?.reason);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const onError = (err: Error) => {
        options.signal?.removeEventListener('abort', onAbort);
        reject(new DockerError('unreachable', `docker socket ${this.socketPath}: ${err.message}`, { cause: err }));
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        options.signal?.removeEventListener('abort', onAbort);
        socket.off('error', onError);
        resolve(socket);
      });
    });
  }

  async close(): Promise<void> {}
}
