import { Duplex } from 'node:stream';

/** Two in-memory Duplex ends wired to each other (Node 20 has no stream.duplexPair). */
export function duplexPair(): [Duplex, Duplex] {
  let left: Duplex;
  let right: Duplex;
  const end = (peer: () => Duplex) =>
    new Duplex({
      read() {},
      write(chunk, _encoding, callback) {
        peer().push(chunk);
        callback();
      },
      final(callback) {
        peer().push(null);
        callback();
      },
      destroy(error, callback) {
        const other = peer();
        if (!other.destroyed) other.destroy();
        callback(error);
      },
    });
  left = end(() => right);
  right = end(() => left);
  return [left, right];
}
