/**
 * A transport that passes requests through to a real engine but swallows the answer of the first request whose
 * request line matches: the engine applies the write, the caller hears nothing and times out. That is a manager
 * that applied a write and then went silent, without having to time a partition to the millisecond.
 */
import { Duplex } from 'node:stream';
import type { DockerTransport, OpenStreamOptions } from '../../src/docker/index.ts';

export interface AnswerDropper {
  /** Wraps a transport; answers are dropped across every transport wrapped by this dropper, once. */
  wrap(inner: DockerTransport): DockerTransport;
  /** Request lines whose answer was dropped. */
  readonly dropped: string[];
}

export function answerDropper(matches: (requestLine: string) => boolean): AnswerDropper {
  const dropped: string[] = [];
  const wrap = (inner: DockerTransport): DockerTransport => ({
    id: inner.id,
    close: () => inner.close(),
    async openStream(options?: OpenStreamOptions) {
      const upstream = await inner.openStream(options);
      let head = '';
      let dropping = false;
      const proxy = new Duplex({
        write(chunk: Buffer, _encoding, done) {
          if (!head.includes('\r\n')) {
            head += chunk.toString('latin1');
            const line = head.split('\r\n')[0]!;
            if (head.includes('\r\n') && dropped.length === 0 && matches(line)) {
              dropping = true;
              dropped.push(line);
            }
          }
          upstream.write(chunk, done);
        },
        final(done) {
          upstream.end();
          done();
        },
        read() {},
        destroy(error, done) {
          upstream.destroy(error ?? undefined);
          done(error);
        },
      });
      upstream.on('data', (chunk: Buffer) => {
        if (!dropping) proxy.push(chunk);
      });
      upstream.on('end', () => {
        if (!dropping) proxy.push(null);
      });
      upstream.on('error', (error) => proxy.destroy(error));
      return proxy;
    },
  });
  return { wrap, dropped };
}
