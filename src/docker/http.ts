import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import http from 'node:http';
import type { Duplex, Readable } from 'node:stream';
import { asDockerError, DockerError, errorFromResponse } from './errors.ts';
import { type BodySink, type ResponseHead, ResponseReader } from './http-response.ts';
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
  let head: ResponseHead | undefined;
  const body = new BodyText();
  await exchange(transport, request, (answer) => {
    head = answer;
    return body;
  });
  const text = body.text();
  const { status, headers } = head!;
  if (status < 200 || status >= 300) throw errorFromResponse(status, text);
  return { status, headers, body: parseBody(text) };
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
  const what = `${request.method} ${request.path}`;
  let reader: OffThreadArrayReader<T> | undefined;
  let refused: { status: number; body: BodyText } | undefined;
  let stop: ((error: unknown) => void) | undefined;
  const exchanged = exchange(
    transport,
    request,
    ({ status }) => {
      if (status < 200 || status >= 300) {
        refused = { status, body: new BodyText() };
        return refused.body;
      }
      const opened = new OffThreadArrayReader(item, options);
      reader = opened;
      // What the scan or `item` throws ends the exchange at once, the rest of the answer unread.
      opened.result.catch((error: unknown) => stop?.(error));
      return { data: (chunk) => opened.push(chunk), end: () => opened.end() };
    },
    (cut) => (stop = cut),
  );
  try {
    await exchanged;
  } catch (error) {
    // However the answer ended short, the scan thread forgets the read (an open read keeps the process alive).
    reader?.cancel();
    throw error;
  }
  if (refused) throw errorFromResponse(refused.status, refused.body.text());
  return reader!.result.catch((error: unknown) => {
    throw error instanceof SyntaxError ? unexpectedAnswer(what, error) : error;
  });
}

/** An Engine API request whose response body is consumed as a stream (events, logs). */
export async function engineStream(transport: DockerTransport, request: EngineRequest): Promise<EngineStream> {
  const { response, cancelDeadline, fail } = await send(transport, request, request.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  cancelDeadline();
  if (response.statusCode! < 200 || response.statusCode! >= 300) {
    const text = await readText(response).catch((error: unknown) => String(error));
    throw fail(errorFromResponse(response.statusCode!, text));
  }
  return { status: response.statusCode!, headers: response.headers, body: response };
}

/** A body kept whole as text. Its parts are the stream's own bytes, so they are copied once, into the text. */
class BodyText implements BodySink {
  private readonly parts: Buffer[] = [];

  data(chunk: Buffer): void {
    this.parts.push(chunk);
  }

  end(): void {}

  text(): string {
    return Buffer.concat(this.parts).toString('utf8');
  }
}

/** A request path goes on the request line as it is: anything that could end it or the line is refused. */
const REQUEST_PATH = /^\/[\x21-\x7e]*$/;

/**
 * One request read whole over a fresh stream of the transport, its answer read by ResponseReader: `onHead` chooses
 * where the body goes once the head has come; the promise settles once the whole answer has been read (or with the
 * failure: the deadline, an abort, the stream's end or error, a framing SyntaxError, or what `cut` was called with,
 * which stops the exchange). The stream is closed at the end either way: one request per stream.
 */
function exchange(
  transport: DockerTransport,
  request: EngineRequest,
  onHead: (head: ResponseHead) => BodySink,
  cutBy: (cut: (error: unknown) => void) => void = () => {},
): Promise<void> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const target = `${request.method} ${request.path}`;
  const path = buildPath(request.path, request.query);
  if (!REQUEST_PATH.test(path) || !/^[A-Z]+$/.test(request.method)) {
    return Promise.reject(new DockerError('engine', `${target}: not a request this client sends`));
  }
  const payload = requestPayload(request);
  const head = [`${request.method} ${path} HTTP/1.1`, 'Host: docker', 'Connection: close'];
  if (payload) head.push('Content-Type: application/json', `Content-Length: ${payload.length}`);
  else if (request.method !== 'GET' && request.method !== 'HEAD') head.push('Content-Length: 0');
  const requestBytes = Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1');
  const streamAbort = new AbortController();

  return new Promise<void>((resolve, reject) => {
    let settled = false;
    let stream: Duplex | undefined;
    const deadline = setTimeout(() => {
      fail(new DockerError('timeout', `${target} on ${transport.id}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    deadline.unref();
    const onAbort = () => fail(request.signal?.reason);
    const done = () => {
      settled = true;
      clearTimeout(deadline);
      request.signal?.removeEventListener('abort', onAbort);
      stream?.destroy();
    };
    function fail(error: unknown): void {
      if (settled) return;
      done();
      streamAbort.abort(error);
      reject(request.signal?.aborted ? request.signal.reason : failure(error));
    }
    const failure = (error: unknown) => (error instanceof SyntaxError ? unexpectedAnswer(target, error) : asDockerError(error, `${target} on ${transport.id}`));
    if (request.signal?.aborted) {
      fail(request.signal.reason);
      return;
    }
    request.signal?.addEventListener('abort', onAbort, { once: true });
    cutBy(fail);
    const reader = new ResponseReader(request.method, onHead);
    const read = (step: () => void) => {
      if (settled) return;
      try {
        step();
      } catch (error) {
        fail(error);
        return;
      }
      if (reader.complete && !settled) {
        done();
        resolve();
      }
    };
    transport.openStream({ signal: streamAbort.signal, readWhole: true }).then((opened) => {
      if (settled) {
        opened.destroy();
        return;
      }
      stream = opened;
      opened.on('data', (chunk: Buffer) => read(() => reader.push(chunk)));
      opened.on('end', () => read(() => reader.end()));
      opened.on('error', fail);
      // Closed without its end (destroyed, its connection dropped): even an answer framed by the end is cut short.
      opened.on('close', () => fail(new Error('response aborted: the connection closed before the whole answer')));
      opened.write(payload ? Buffer.concat([requestBytes, payload]) : requestBytes);
    }, fail);
  });
}

interface Sent {
  response: IncomingMessage;
  cancelDeadline: () => void;
  /** The error to throw for a failure while reading the response (a deadline or an abort wins). */
  fail: (error: unknown) => unknown;
}

/** A request whose answer is a stream a slower reader follows, through Node's HTTP client. */
function send(transport: DockerTransport, request: EngineRequest, timeoutMs: number): Promise<Sent> {
  const payload = requestPayload(request);
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
    transport.openStream({ signal: streamAbort.signal, readWhole: false }).then((stream) => {
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

function requestPayload(request: EngineRequest): Buffer | undefined {
  return request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body));
}

/** A body that breaks the framing or the JSON: the engine's fault, not the connection's. */
function unexpectedAnswer(target: string, error: SyntaxError): DockerError {
  return new DockerError('engine', `unexpected answer to ${target}: ${error.message}`, { cause: error });
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
