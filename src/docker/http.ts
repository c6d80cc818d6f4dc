import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import http from 'node:http';
import type { Readable } from 'node:stream';
import { asDockerError, DockerError, errorFromResponse } from './errors.ts';
import type { KeepShape } from './json-array-reader.ts';
import { OffThreadArrayReader } from './off-thread-reader.ts';
import type { DockerTransport } from './transport.ts';

export type QueryValue = string | number | boolean | undefined;

export interface EngineRequest {
  method: string;
  /** Path including any `/v1.NN` prefix, without the query string. */
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  body?: unknown;
  /** Deadline for the whole exchange; for a stream, until the response headers arrive. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface EngineResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, the raw text when it is not JSON, or undefined for an empty body. */
  body: unknown;
}

export interface EngineStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** Ends when the engine ends the response; abort the request's signal to stop it earlier. */
  body: Readable;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export function buildPath(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.append(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** One Engine API request over a fresh stream of the transport; non-2xx answers throw a typed DockerError. */
export async function engineRequest(transport: DockerTransport, request: EngineRequest): Promise<EngineResponse> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { response, cancelDeadline, fail } = await send(transport, request, timeoutMs, { readWhole: true });
  try {
    const text = await readText(response);
    if (response.statusCode! < 200 || response.statusCode! >= 300) throw errorFromResponse(response.statusCode!, text);
    return { status: response.statusCode!, headers: response.headers, body: parseBody(text) };
  } catch (error) {
    throw fail(error);
  } finally {
    cancelDeadline();
  }
}

/**
 * An Engine API request whose answer is a JSON array, parsed as it arrives (OffThreadArrayReader): each item goes
 * to `item` as soon as it is read, and only what `item` returns is kept; `keep`: what of the items is parsed at all;
 * `packed`: the list's kept text stays with it (`packedList`). An answer that is no array is an
 * `engine` error; what `item` throws (a validation's DockerError) ends the request.
 */
export async function engineList<T>(
  transport: DockerTransport,
  request: EngineRequest,
  item: (value: unknown, index: number) => T,
  options: { keep?: KeepShape; packed?: boolean } = {},
): Promise<T[]> {
  const { response, cancelDeadline, fail } = await send(transport, request, request.timeoutMs ?? DEFAULT_TIMEOUT_MS, { readWhole: true });
  try {
    if (response.statusCode! < 200 || response.statusCode! >= 300) throw errorFromResponse(response.statusCode!, await readText(response));
    return await readArray(response, new OffThreadArrayReader(item, options), `${request.method} ${request.path}`);
  } catch (error) {
    throw fail(error);
  } finally {
    cancelDeadline();
  }
}

/** An Engine API request whose response body is consumed as a stream (events, logs). */
export async function engineStream(transport: DockerTransport, request: EngineRequest): Promise<EngineStream> {
  const { response, cancelDeadline, fail } = await send(transport, request, request.timeoutMs ?? DEFAULT_TIMEOUT_MS, { readWhole: false });
  cancelDeadline();
  if (response.statusCode! < 200 || response.statusCode! >= 300) {
    const text = await readText(response).catch((error: unknown) => String(error));
    throw fail(errorFromResponse(response.statusCode!, text));
  }
  return { status: response.statusCode!, headers: response.headers, body: response };
}

interface Sent {
  response: IncomingMessage;
  cancelDeadline: () => void;
  /** The error to throw for a failure while reading the response (a deadline or an abort wins). */
  fail: (error: unknown) => unknown;
}

/** `readWhole`: the answer is read to its end as it comes (not a stream a slower reader follows). */
function send(transport: DockerTransport, request: EngineRequest, timeoutMs: number, { readWhole }: { readWhole: boolean }): Promise<Sent> {
  const payload = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body));
  const headers: Record<string, string | number> = { Host: 'docker' };
  if (payload) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = payload.length;
  }
  const target = `${request.method} ${request.path}`;
  const streamAbort = new AbortController();

  return new Promise<Sent>((resolve, reject) => {
    let deadlineError: DockerError | undefined;
    let req: http.ClientRequest | undefined;
    const outcome = (error: unknown): unknown => {
      if (deadlineError) return deadlineError;
      if (request.signal?.aborted) return request.signal.reason;
      return asDockerError(error, `${target} on ${transport.id}`);
    };
    const deadline = setTimeout(() => {
      deadlineError = new DockerError('timeout', `${target} on ${transport.id}: no answer within ${timeoutMs} ms`);
      streamAbort.abort(deadlineError);
      req?.destroy(deadlineError);
    }, timeoutMs);
    deadline.unref();
    const cancelDeadline = () => clearTimeout(deadline);
    const onAbort = () => streamAbort.abort(request.signal?.reason);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const fail = (error: unknown) => {
      cancelDeadline();
      request.signal?.removeEventListener('abort', onAbort);
      reject(outcome(error));
    };
    // The stream opens first, so Node is handed it at once (its asynchronous createConnection callback is typed as
    // always given a stream, which a failed open has not). Without an agent is the only path where Node honours
    // createConnection (agent: false ignores it).
    transport.openStream({ signal: streamAbort.signal, readWhole }).then((stream) => {
      if (streamAbort.signal.aborted) {
        stream.destroy();
        fail(streamAbort.signal.reason);
        return;
      }
      req = http.request(
        { method: request.method, path: buildPath(request.path, request.query), headers, signal: request.signal, createConnection: () => stream },
        (response) => resolve({ response, cancelDeadline, fail: outcome }),
      );
      req.on('close', () => request.signal?.removeEventListener('abort', onAbort));
      req.on('error', fail);
      req.end(payload);
    }, fail);
  });
}

function readText(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
    response.on('aborted', () => reject(new Error('response aborted')));
  });
}

function readArray<T>(response: IncomingMessage, reader: OffThreadArrayReader<T>, what: string): Promise<T[]> {
  return new Promise((resolve, reject) => {
    // Settled before the response is destroyed: destroying it reports an abort of its own.
    const failed = (error: unknown) => {
      reject(error instanceof SyntaxError ? new DockerError('engine', `unexpected answer to ${what}: ${error.message}`, { cause: error }) : error);
      response.destroy();
    };
    const stopped = (error: unknown) => {
      reader.cancel();
      reject(error);
    };
    reader.result.then(resolve, failed);
    response.on('data', (chunk: Buffer) => reader.push(chunk));
    response.on('end', () => reader.end());
    response.on('error', stopped);
    // However the answer ends short, the scan thread forgets the read (an open read keeps the process alive).
    response.on('close', () => {
      if (!response.complete) stopped(new Error('response aborted'));
    });
  });
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
