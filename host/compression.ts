/**
 * gzip for answers of 1 KiB and more, for a client that accepts it. hono's `compress` pipes every answer without a
 * Content-Length through a CompressionStream, a zlib stream set up for a 2-byte `ok` as for a page: under load that
 * was most of a small read's CPU. Here an answer is read whole, sent as it is below the threshold (one declaring a
 * smaller Content-Length is not even read), and gzipped in one call on the thread pool above it. Answers that must
 * flow as they come are never read whole: event streams, and any answer saying `Cache-Control: no-transform` (a
 * followed log), which a long-lived stream of another type must say.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { parseAccept } from 'hono/utils/accept';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/utils/compress';

const gzipAsync = promisify(gzip);
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;
/** A partial answer, and those that carry no body. */
const NOT_COMPRESSED_STATUS = new Set([204, 205, 206, 304]);
const VARY_ACCEPT_ENCODING = /(?:^|,)\s*accept-encoding\s*(?:,|$)/i;

export function compression(opts: { threshold?: number } = {}): MiddlewareHandler {
  const threshold = opts.threshold ?? 1024;
  return async (c, next) => {
    await next();
    const res = c.res;
    const type = res.headers.get('Content-Type');
    // Headers first: `res.body` turns the adapter's light answer into a full fetch Response, which costs.
    if (
      c.req.method === 'HEAD' ||
      NOT_COMPRESSED_STATUS.has(res.status) ||
      res.headers.has('Content-Encoding') ||
      res.headers.has('Transfer-Encoding') ||
      !type ||
      !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type) ||
      NO_TRANSFORM.test(res.headers.get('Cache-Control') ?? '')
    ) {
      return;
    }
    const vary = res.headers.get('Vary');
    if (vary !== '*' && !(vary && VARY_ACCEPT_ENCODING.test(vary))) c.header('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    const declared = res.headers.get('Content-Length');
    if (!acceptsGzip(c.req.header('Accept-Encoding')) || (declared !== null && Number(declared) < threshold) || !res.body) return;
    const body = new Uint8Array(await res.arrayBuffer());
    if (body.length < threshold) {
      c.res = new Response(body, res);
      return;
    }
    c.res = new Response(new Uint8Array(await gzipAsync(body)), res);
    c.res.headers.delete('Content-Length');
    c.res.headers.set('Content-Encoding', 'gzip');
    const etag = c.res.headers.get('ETag');
    if (etag && !etag.startsWith('W/')) c.res.headers.set('ETag', `W/${etag}`);
  };
}

function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  const accepts = parseAccept(header);
  const q = accepts.find((a) => a.type.toLowerCase() === 'gzip')?.q ?? accepts.find((a) => a.type === '*')?.q ?? 0;
  return q > 0;
}
