/**
 * The address a request comes from, for per-client limits. Behind a reverse proxy every request comes
 * from the proxy: with `trustProxy` the address the proxy appended to X-Forwarded-For is used instead
 * (the last entry: earlier ones are whatever the client sent).
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

export function clientAddress(c: Context, opts: { trustProxy: boolean }): string | undefined {
  if (opts.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  // `incoming` is there when served by @hono/node-server; `app.request()` in tests may pass it as env.
  const env = c.env as { incoming?: unknown } | undefined;
  return env?.incoming ? getConnInfo(c).remote.address : undefined;
}
