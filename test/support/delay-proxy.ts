/**
 * A long link without netem (this kernel has none): a TCP proxy on 127.0.0.1 that hands each chunk on `delayMs` after
 * it came, each way and in order, so a connection through it has a round trip of at least twice that.
 */
import net from 'node:net';

export interface DelayProxy {
  port: number;
  close(): Promise<void>;
}

/** Writes what `from` sends to `to`, each chunk `delayMs` after it arrived; ends `to` after the last one. */
function delayed(from: net.Socket, to: net.Socket, delayMs: number): void {
  let last = Promise.resolve();
  const later = (write: () => void) => {
    const due = Date.now() + delayMs;
    last = last.then(() => new Promise<void>((resolve) => setTimeout(resolve, due - Date.now()))).then(write);
  };
  from.on('data', (chunk: Buffer) => later(() => void to.write(chunk)));
  from.on('end', () => later(() => void to.end()));
}

export async function startDelayProxy(target: { host: string; port: number }, delayMs: number): Promise<DelayProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.setNoDelay(true);
      // Either side gone: both go, as a cut link would have them.
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    delayed(client, upstream, delayMs);
    delayed(upstream, client, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
