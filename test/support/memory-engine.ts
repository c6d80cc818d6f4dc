import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { DockerTransport } from '../../src/docker/transport.ts';
import { duplexPair } from './duplex-pair.ts';

/**
 * An HTTP server reached through in-memory streams: the real Node HTTP framing on both sides, no socket.
 * `handler` plays the engine.
 */
export function memoryEngine(handler: http.RequestListener): DockerTransport & { server: http.Server; streamsOpened: number } {
  const server = http.createServer(handler);
  const transport = {
    id: 'memory',
    server,
    streamsOpened: 0,
    async openStream(): Promise<Duplex> {
      const [client, engineSide] = duplexPair();
      transport.streamsOpened++;
      server.emit('connection', engineSide);
      return client;
    },
    async close(): Promise<void> {
      server.close();
    },
  };
  return transport;
}
