/**
 * The JSON answer of a read from the swarm, its `data` serialized once per snapshot. SwarmState hands a warm read
 * the very views it built from the same lists, so their JSON text (and its compressed form, for a client that
 * accepts one) is kept with them: a warm read of 10,000 tasks costs a lookup instead of 4 MB of JSON.stringify and
 * compression. Answers too small for the host to compress are sent as they are.
 * Compressed the first time each snapshot is read, after every change the events bring: brotli at quality 1 for a
 * client that takes it (the 4.5 MB of 10,000 tasks in ~5 ms to 120 KiB, where gzip's default level took ~27 ms to
 * 166 KiB), else gzip at level 3 (~10 ms, 187 KiB).
 * The answer's parts are not put together into one buffer: the compressor reads them in turn, and an uncompressed
 * answer is sent as a stream of them. A transient 4.5 MB buffer per answer is malloc churn, and once glibc has freed
 * one that large it serves every later allocation below that size from its arenas, which keep their free memory.
 */
import { type BrotliCompress, constants, createBrotliCompress, createGzip, type Gzip } from 'node:zlib';
import type { Context, TypedResponse } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import type { Fetched } from '../../services/last-known.ts';
import { fetchedJson } from './cluster-json.ts';

/**
 * From the host's compression threshold (hono's compress: 1 KiB) up, the compressed answer is kept: a small answer's
 * costs little memory, while compressing it again on every read (a zlib stream set up per answer) was the largest
 * part of a warm read's CPU under load.
 */
const KEEP_COMPRESSED_FROM = 1024;

type Encoding = 'br' | 'gzip';

/**
 * Brotli's window is 256 KiB (lgwin 18) instead of its default 4 MiB: at quality 1 the answer comes out the same size
 * (120 KiB for 10,000 tasks), while the default window made the encoder allocate an 8 MiB block per answer, freed on
 * a thread-pool thread.
 */
const compressor: Record<Encoding, (length: number) => BrotliCompress | Gzip> = {
  br: (length) =>
    createBrotliCompress({
      params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_LGWIN]: 18, [constants.BROTLI_PARAM_SIZE_HINT]: length },
    }),
  gzip: () => createGzip({ level: 3 }),
};

/** The parts compressed as one body, by a compressor that reads them in turn. */
function compress(encoding: Encoding, parts: Buffer[], length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const stream = compressor[encoding](length);
    const out: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => out.push(chunk));
    stream.once('end', () => resolve(Buffer.concat(out)));
    stream.once('error', reject);
    for (const part of parts) stream.write(part);
    stream.end();
  });
}

/** The parts sent one after the other, as they are. */
function streamOf(parts: Buffer[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream({
    pull(controller) {
      const part = parts[next++];
      if (part === undefined) controller.close();
      else controller.enqueue(new Uint8Array(part.buffer, part.byteOffset, part.length));
    },
  });
}

const DATA_OPEN = Buffer.from('{"data":');

interface Serialized {
  /**
   * `data`'s JSON, encoded once: kept as bytes off the JS heap, not as the text JSON.stringify gives (a tree of
   * 16 KiB parts at 4.5 MB, which every young-generation collection copied while the snapshot lasted), nor encoded
   * again for every answer.
   */
  json: Buffer;
  /** The compressed answer per encoding, for one `meta` (it changes when the data goes stale). */
  compressed: Partial<Record<Encoding, { meta: string; body: Promise<Buffer> }>>;
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
    kept = { json: Buffer.from(JSON.stringify(data)), compressed: {} };
    serialized.set(data, kept);
  }
  const meta = JSON.stringify({ ...json.meta, ...moreMeta });
  const metaEnd = Buffer.from(`,"meta":${meta}}`);
  const parts = [DATA_OPEN, kept.json, metaEnd];
  const length = DATA_OPEN.length + kept.json.length + metaEnd.length;
  c.header('Vary', 'Accept-Encoding', { append: true });
  const encoding = length < KEEP_COMPRESSED_FROM ? undefined : acceptedEncoding(c.req.header('accept-encoding'));
  if (!encoding) {
    // Its length declared, so the host's compression knows a small answer without reading it.
    return c.body(streamOf(parts), 200, {
      'Content-Type': 'application/json',
      'Content-Length': String(length),
    });
  }
  if (kept.compressed[encoding]?.meta !== meta) kept.compressed[encoding] = { meta, body: compress(encoding, parts, length) };
  const pending = kept.compressed[encoding];
  try {
    return c.body(new Uint8Array(await pending.body), 200, { 'Content-Type': 'application/json', 'Content-Encoding': encoding });
  } catch (error) {
    if (kept.compressed[encoding] === pending) kept.compressed[encoding] = undefined;
    throw error;
  }
}

/**
 * The encoding to answer in for `Accept-Encoding`: the one of brotli and gzip it weighs highest (by name or `*`,
 * above 0), brotli when they weigh the same; undefined for neither.
 */
export function acceptedEncoding(header: string | undefined): Encoding | undefined {
  const weights = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name) weights.set(name, q === undefined ? 1 : Number(q.slice(2)) || 0);
  }
  const weight = (name: Encoding) => weights.get(name) ?? weights.get('*') ?? 0;
  const [br, gz] = [weight('br'), weight('gzip')];
  if (br > 0 && br >= gz) return 'br';
  return gz > 0 ? 'gzip' : undefined;
}
