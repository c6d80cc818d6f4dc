/**
 * Container and service logs. Without a TTY the engine multiplexes stdout and stderr into frames with an
 * 8-byte header: [stream, 0, 0, 0, size (uint32 big-endian)], then `size` bytes of payload. With a TTY the
 * stream is the raw terminal output, not framed.
 */
import type { Readable } from 'node:stream';
import type { LogLine, LogStreamName } from './schemas.ts';
import type { SwarmClient } from './swarm-client.ts';

export interface LogFrame {
  stream: LogStreamName;
  data: Buffer;
}

const HEADER_BYTES = 8;
const STREAM_NAMES: Record<number, LogStreamName | undefined> = { 1: 'stdout', 2: 'stderr' };

/** Splits a multiplexed byte stream into frames; a frame split across chunks is joined first. */
export async function* demultiplex(chunks: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<LogFrame> {
  let pending = Buffer.alloc(0);
  for await (const chunk of chunks) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : Buffer.from(chunk);
    while (pending.length >= HEADER_BYTES) {
      const size = pending.readUInt32BE(4);
      if (pending.length < HEADER_BYTES + size) break;
      // stdin (0) never carries log output; an unknown kind is shown rather than dropped.
      const stream = STREAM_NAMES[pending[0]!] ?? 'stdout';
      yield { stream, data: pending.subarray(HEADER_BYTES, HEADER_BYTES + size) };
      pending = pending.subarray(HEADER_BYTES + size);
    }
  }
  if (pending.length) throw new Error(`log stream ended inside a frame (${pending.length} bytes left)`);
}

/** A TTY stream: everything is terminal output on stdout. */
export async function* rawFrames(chunks: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<LogFrame> {
  for await (const chunk of chunks) yield { stream: 'stdout', data: Buffer.from(chunk) };
}

/**
 * Frames to lines, per stream: a line split over frames is joined, a partial line is kept until its stream
 * ends it (or the stream ends). A trailing `\r` (TTY output) is dropped.
 */
export async function* frameLines(frames: AsyncIterable<LogFrame>): AsyncGenerator<LogLine> {
  const pending: Record<LogStreamName, string> = { stdout: '', stderr: '' };
  const decoders = { stdout: new TextDecoder('utf-8'), stderr: new TextDecoder('utf-8') };
  for await (const frame of frames) {
    pending[frame.stream] += decoders[frame.stream].decode(frame.data, { stream: true });
    let newline = pending[frame.stream].indexOf('\n');
    while (newline >= 0) {
      yield { stream: frame.stream, text: pending[frame.stream].slice(0, newline).replace(/\r$/, '') };
      pending[frame.stream] = pending[frame.stream].slice(newline + 1);
      newline = pending[frame.stream].indexOf('\n');
    }
  }
  for (const stream of ['stdout', 'stderr'] as const) {
    const rest = pending[stream] + decoders[stream].decode();
    if (rest) yield { stream, text: rest.replace(/\r$/, '') };
  }
}

// With `details=true` the engine starts each message with its swarm attributes, query-escaped:
// `com.docker.swarm.node.id=<id>,com.docker.swarm.service.id=<id>,com.docker.swarm.task.id=<id> <message>`.
const DETAILS = /^((?:[\w.-]+=[^,\s]*)(?:,[\w.-]+=[^,\s]*)*) (.*)$/s;

/** Splits the attributes the engine puts before a message read with details. */
export function withDetails(line: LogLine): LogLine {
  const match = DETAILS.exec(line.text);
  if (!match) return line;
  const attributes = new Map(
    match[1]!.split(',').map((pair) => {
      const at = pair.indexOf('=');
      return [pair.slice(0, at), unescapeQuery(pair.slice(at + 1))] as const;
    }),
  );
  const taskId = attributes.get('com.docker.swarm.task.id');
  const nodeId = attributes.get('com.docker.swarm.node.id');
  return { stream: line.stream, text: match[2]!, ...(taskId ? { taskId } : {}), ...(nodeId ? { nodeId } : {}) };
}

function unescapeQuery(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

export interface ServiceLogOptions {
  /** Lines from the end of each task's log; `all` for everything. */
  tail: number | 'all';
  follow: boolean;
  timestamps?: boolean;
  /** The service runs with a TTY: its log is not multiplexed. */
  tty: boolean;
}

/**
 * Opens the logs of a service (every task) or of one task, both stdout and stderr, and resolves once the
 * engine has answered; the lines are read as the returned iteration goes. With `follow` it lasts until
 * `signal` aborts (then it just ends) or the engine ends the stream.
 */
export async function openSwarmLogs(
  client: SwarmClient,
  of: { services: string } | { tasks: string },
  options: ServiceLogOptions,
  signal?: AbortSignal,
): Promise<AsyncGenerator<LogLine>> {
  const path = 'services' in of ? `/services/${encodeURIComponent(of.services)}/logs` : `/tasks/${encodeURIComponent(of.tasks)}/logs`;
  const body = await client.stream('GET', path, {
    query: {
      stdout: true,
      stderr: true,
      tail: String(options.tail),
      details: true,
      follow: options.follow || undefined,
      timestamps: options.timestamps || undefined,
    },
    signal,
    longLived: options.follow,
  });
  return readLogLines(body, options.tty, signal);
}

async function* readLogLines(body: Readable, tty: boolean, signal?: AbortSignal): AsyncGenerator<LogLine> {
  try {
    for await (const line of frameLines(tty ? rawFrames(body) : demultiplex(body))) yield withDetails(line);
  } catch (error) {
    if (signal?.aborted) return;
    throw error;
  } finally {
    body.destroy();
  }
}
