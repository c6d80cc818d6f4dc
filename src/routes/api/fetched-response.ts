/**
 * The JSON answer of a read from the swarm, its `data` serialized once per snapshot. SwarmState hands a warm read
 * the very views it built from the same lists, so their JSON text (and its gzip, for a client that accepts gzip)
 * is kept with them: a warm read of 10,000 tasks costs a lookup instead of 4 MB of JSON.stringify and gzip.
 * Small answers are left to the host's compression.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Context, TypedResponse } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import type { Fetched } from '../../services/last-known.ts';
import { fetchedJson } from './cluster-json.ts';

const gzipAsync = promisify(gzip);
/** Below this, gzipping each answer costs less than keeping it. */
const KEEP_GZIP_FROM = 64 * 1024;

interface Serialized {
  json: string;
  /** The gzipped answer for one `meta` (it changes when the data goes stale). */
  gzip?: { meta: string; body: Promise<Buffer> };
}

const serialized = new WeakMap<object, Serialized>();

/** The answer, typed as the JSON it carries: a route's declared answer schema (`createRoute`) is checked against it. */
export type FetchedAnswer<T> = Response & TypedResponse<JSONParsed<ReturnType<typeof fetchedJson<T>>>, 200, 'json'>;

export async function fetchedResponse<T>(c: Context, fetched: Fetched<T>): Promise<FetchedAnswer<T>> {
  return (await answer(c, fetched)) as FetchedAnswer<T>;
}

async function answer<T>(c: Context, fetched: Fetched<T>): Promise<Response> {
  const data = fetched.data;
  if (typeof data !== 'object' || data === null) return c.json(fetchedJson(fetched));
  let kept = serialized.get(data);
  if (!kept) {
    kept = { json: JSON.stringify(data) };
    serialized.set(data, kept);
  }
  const meta = JSON.stringify(fetchedJson(fetched).meta);
  const text = `{"data":${kept.json},"meta":${meta}}`;
  c.header('Vary', 'Accept-Encoding', { append: true });
  if (text.length < KEEP_GZIP_FROM || !acceptsGzip(c.req.header('accept-encoding'))) return c.body(text, 200, { 'Content-Type': 'application/json' });
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
