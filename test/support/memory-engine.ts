import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { DockerTransport, OpenStreamOptions } from '../../src/docker/transport.ts';
import { duplexPair } from './duplex-pair.ts';

/**
 * An HTTP server reached through in-memory streams: the real Node HTTP framing on both sides, no socket.
 * `handler` plays the engine.
 */
export function memoryEngine(handler: http.RequestListener): DockerTransport & { server: http.Server; openedWith: OpenStreamOptions[] } {
  const server = http.createServer(handler);
  const transport = {
    id: 'memory',
    server,
    /** The options each stream was opened with, in order. */
    openedWith: [] as OpenStreamOptions[],
    async openStream(options: OpenStreamOptions = {}): Promise<Duplex> {
      const [client, engineSide] = duplexPair();
      transport.openedWith.push(options);
      server.emit('connection', engineSide);
      return client;
    },
    async close(): Promise<void> {
      server.close();
    },
  };
  return transport;
}
