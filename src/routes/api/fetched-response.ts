/**
 * The JSON answer of a read from the swarm, its `data` serialized once per snapshot. SwarmState hands a warm read
 * the very views it built from the same lists, so their JSON text (and its gzip, for a client that accepts gzip)
 * is kept with them: a warm read of 10,000 tasks costs a lookup instead of 4 MB of JSON.stringify and gzip.
 * Answers too small for the host to compress are sent as they are.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Context, TypedResponse } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import type { Fetched } from '../../services/last-known.ts';
import { fetchedJson } from './cluster-json.ts';

const gzipAsync = promisify(gzip);
/**
 * From the host's compression threshold (hono's compress: 1 KiB) up, the gzip is kept: a small answer's gzip costs
 * little memory, while gzipping it again on every read (a zlib stream set up per answer) was the largest part of a
 * warm read's CPU under load.
 */
const KEEP_GZIP_FROM = 1024;

interface Serialized {
  json: string;
  /** The gzipped answer for one `meta` (it changes when the data goes stale). */
  gzip?: { meta: string; body: Promise<Buffer> };
}

const serialized = new WeakMap<object, Serialized>();

type FetchedBody<T, M> = ReturnType<typeof fetchedJson<T>> & { meta: M };

/** The answer, typed as the JSON it carries: a route's declared answer schema (`createRoute`) is checked against it. */
export type FetchedAnswer<T, M extends object = object> = Response & TypedResponse<JSONParsed<FetchedBody<T, M>>, 200, 'json'>;

/** `moreMeta`: what the route adds to `meta` (a page's counts). */
export async function fetchedResponse<T, M extends object = object>(c: Context, fetched: Fetched<T>, moreMeta?: M): Promise<FetchedAnswer<T, M>> {
  return (await answer(c, fetched, moreMeta)) as FetchedAnswer<T, M>;
}

async function answer<T>(c: Context, fetched: Fetched<T>, moreMeta: object | undefined): Promise<Response> {
  const data = fetched.data;
  const json = fetchedJson(fetched);
  if (typeof data !== 'object' || data === null) return c.json({ ...json, meta: { ...json.meta, ...moreMeta } });
  let kept = serialized.get(data);
  if (!kept) {
    kept = { json: JSON.stringify(data) };
    serialized.set(data, kept);
  }
  const meta = JSON.stringify({ ...json.meta, ...moreMeta });
  const text = `{"data":${kept.json},"meta":${meta}}`;
  c.header('Vary', 'Accept-Encoding', { append: true });
  if (text.length < KEEP_GZIP_FROM || !acceptsGzip(c.req.header('accept-encoding'))) {
    // Its length declared, so the host's compression knows a small answer without reading it.
    return c.body(text, 200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
  }
  if (kept.gzip?.meta !== meta) kept.gzip = { meta, body: gzipAsync(text) };
  const pending = kept.gzip;
  try {
    return c.body(new Uint8Array(await pending.body), 200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
  } catch (error) {
    if (kept.gzip === pending) kept.gzip = undefined;
    throw error;
  }
}

/** Whether `Accept-Encoding` takes gzip (by name or `*`, with a weight above 0). */
export function acceptsGzip(header: string | undefined): boolean {
  return (header ?? '').split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return (name === 'gzip' || name === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}
