import type { IncomingHttpHeaders } from 'node:http';

/** The status line and headers of an HTTP response; header names in lower case, repeated ones joined by ", ". */
export interface ResponseHead {
  status: number;
  headers: IncomingHttpHeaders;
}

/** Where a response's body goes, chosen once its head is read. */
export interface BodySink {
  /** A part of the body; the bytes may be those the stream handed in (not copied), valid for as long as it keeps them. */
  data(chunk: Buffer): void;
  /** The body is complete. */
  end(): void;
}

/** A head this long without its end is no engine's answer. */
const MAX_HEAD_BYTES = 64 * 1024;
/** A chunk-size line (hex digits, extensions) or a trailer line longer than this is no engine's answer either. */
const MAX_LINE_BYTES = 8 * 1024;

type State = 'head' | 'length' | 'until-close' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'done';

/**
 * Reads one HTTP/1.1 response as its bytes arrive, for an answer read whole: the body's bytes go to the sink as
 * parts of the stream's own chunks, with no copy (Node's HTTP client copies each part of a body into a buffer of its
 * own, 12 MB per read of 10,000 tasks, which the collector then has to follow up) and no stream of its own in
 * between. Bodies framed by Content-Length, by chunks (RFC 9112 §7.1, trailers skipped) or by the connection's end;
 * interim (1xx) answers are skipped. What breaks the framing throws a SyntaxError.
 */
export class ResponseReader {
  private state: State = 'head';
  /** The start of a line or head that a chunk ended in the middle of. */
  private pending: Buffer | undefined;
  /** Bytes left of the body (Content-Length) or of the current chunk. */
  private remaining = 0;
  private sink: BodySink | undefined;

  constructor(
    private readonly method: string,
    private readonly onHead: (head: ResponseHead) => BodySink,
  ) {}

  /** Whether the whole response has been read. */
  get complete(): boolean {
    return this.state === 'done';
  }

  push(bytes: Buffer): void {
    let chunk = bytes;
    if (this.pending) {
      chunk = Buffer.concat([this.pending, chunk]);
      this.pending = undefined;
    }
    let at = 0;
    while (at < chunk.length && this.state !== 'done') {
      switch (this.state) {
        case 'head': {
          const end = chunk.indexOf('\r\n\r\n', at, 'latin1');
          if (end < 0) {
            this.keep(chunk, at, MAX_HEAD_BYTES);
            return;
          }
          this.readHead(chunk.toString('latin1', at, end));
          at = end + 4;
          break;
        }
        case 'length':
        case 'chunk-data': {
          const take = Math.min(this.remaining, chunk.length - at);
          this.sink!.data(chunk.subarray(at, at + take));
          at += take;
          this.remaining -= take;
          if (this.remaining === 0) {
            if (this.state === 'length') this.finish();
            else this.state = 'chunk-end';
          }
          break;
        }
        case 'until-close':
          this.sink!.data(at === 0 ? chunk : chunk.subarray(at));
          at = chunk.length;
          break;
        default: {
          const end = chunk.indexOf(0x0a, at);
          if (end < 0) {
            this.keep(chunk, at, MAX_LINE_BYTES);
            return;
          }
          this.readLine(chunk.toString('latin1', at, end > at && chunk[end - 1] === 0x0d ? end - 1 : end));
          at = end + 1;
        }
      }
    }
  }

  /** The stream ended: completes a body framed by the connection's end; any other response is cut short. */
  end(): void {
    if (this.state === 'until-close') {
      this.finish();
      return;
    }
    // A cut connection, not a malformed answer: a plain Error, which the caller reports as the engine unreachable.
    if (this.state !== 'done') throw new Error('response aborted: the connection ended before the whole answer');
  }

  private keep(chunk: Buffer, from: number, max: number): void {
    if (chunk.length - from > max) throw new SyntaxError(`no line end within ${max} bytes of the response`);
    this.pending = Buffer.from(chunk.subarray(from));
  }

  private readHead(text: string): void {
    const lines = text.split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(lines[0]!);
    if (!status) throw new SyntaxError(`not an HTTP response: ${JSON.stringify(lines[0]!.slice(0, 80))}`);
    const code = Number(status[1]);
    const headers: IncomingHttpHeaders = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new SyntaxError(`malformed header line: ${JSON.stringify(line.slice(0, 80))}`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      const seen = headers[name];
      headers[name] = seen === undefined ? value : `${seen}, ${value}`;
    }
    // An interim answer (100 Continue) is followed by the real one.
    if (code >= 100 && code < 200) return;
    this.sink = this.onHead({ status: code, headers });
    const encoding = String(headers['transfer-encoding'] ?? '').toLowerCase();
    const length = headers['content-length'];
    if (this.method === 'HEAD' || code === 204 || code === 304) this.finish();
    else if (/(?:^|,)\s*chunked\s*$/.test(encoding)) this.state = 'chunk-size';
    else if (length !== undefined) {
      if (!/^\d+$/.test(String(length))) throw new SyntaxError(`invalid Content-Length: ${JSON.stringify(length)}`);
      this.remaining = Number(length);
      this.state = 'length';
      if (this.remaining === 0) this.finish();
    } else this.state = 'until-close';
  }

  /** A line of the chunked framing: a chunk's size, the line end after its data, or a trailer. */
  private readLine(line: string): void {
    if (this.state === 'chunk-end') {
      if (line !== '') throw new SyntaxError('a chunk is longer than its size');
      this.state = 'chunk-size';
    } else if (this.state === 'chunk-size') {
      const size = /^([0-9a-fA-F]{1,12})[ \t]*(?:;.*)?$/.exec(line);
      if (!size) throw new SyntaxError(`invalid chunk size line: ${JSON.stringify(line.slice(0, 80))}`);
      this.remaining = Number.parseInt(size[1]!, 16);
      this.state = this.remaining === 0 ? 'trailers' : 'chunk-data';
    } else if (line === '') this.finish();
  }

  private finish(): void {
    this.state = 'done';
    this.pending = undefined;
    this.sink!.end();
  }
}
