/** Server-sent event streams shared by the JSON API and the pages. */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { LogLine } from '../domain/log-line.ts';

/** A comment line now and then keeps proxies from closing a quiet stream (and finds closed clients). */
export const HEARTBEAT_MS = 15_000;

/**
 * One `stdout`/`stderr` event per line, then `end`. Closing the client aborts `abort`, which stops the
 * upstream log stream; the stream ending aborts it too.
 */
export function streamLogLines(c: Context, lines: AsyncIterable<LogLine>, abort: AbortController, data: (line: LogLine) => string | Promise<string>): Response {
  return streamSSE(c, async (out) => {
    out.onAbort(() => abort.abort());
    const heartbeat = setInterval(() => void out.write(': keepalive\n\n').catch(() => abort.abort()), HEARTBEAT_MS);
    try {
      for await (const line of lines) await out.writeSSE({ event: line.stream, data: await data(line) });
      await out.writeSSE({ event: 'end', data: '' });
    } finally {
      clearInterval(heartbeat);
      abort.abort();
    }
  });
}
