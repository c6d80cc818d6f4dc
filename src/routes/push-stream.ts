/**
 * A response body fed by pushes, for a long-lived stream with many readers (a live page's events): a pushed chunk goes
 * straight to the read waiting for it, so a chunk costs the reader's own read and nothing more. A body written
 * through hono's `streamSSE` goes through a TransformStream, a second ReadableStream pulling from it and a loop
 * awaiting each write: with 500 viewers in an event storm, their promises and queue entries, each held until the
 * next frame, were megabytes a second of garbage old enough to be promoted.
 */

/** Starts pushing chunks into the body; the function it returns stops that. */
export type Feed = (push: (chunk: Uint8Array) => void) => () => void;

/**
 * A body that opens with `first`, then carries what `feed` pushes until the reader goes (the client disconnected, or
 * the body was cancelled), when the feed is stopped. A reader that falls behind gets at most `maxHeld` chunks held for
 * it, the oldest dropped.
 */
export function pushStream(first: Uint8Array[], maxHeld: number, feed: Feed): ReadableStream<Uint8Array> {
  const held = [...first];
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  // A read is waiting and nothing is held: the next push goes straight to it.
  let waiting = false;
  let stop: (() => void) | undefined;
  const push = (chunk: Uint8Array) => {
    if (stop === undefined) return;
    if (waiting) {
      waiting = false;
      controller.enqueue(chunk);
      return;
    }
    if (held.length >= maxHeld) held.shift();
    held.push(chunk);
  };
  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        stop = feed(push);
      },
      // Called for each read while the stream itself queues nothing (high-water mark 0).
      pull() {
        const chunk = held.shift();
        if (chunk === undefined) waiting = true;
        else controller.enqueue(chunk);
      },
      cancel() {
        const stopFeed = stop;
        stop = undefined;
        held.length = 0;
        stopFeed?.();
      },
    },
    { highWaterMark: 0 },
  );
}
