import { describe, expect, it } from 'vitest';
import { type ResponseHead, ResponseReader } from './http-response.ts';

interface Seen {
  head: ResponseHead | undefined;
  body: Buffer[];
  ends: number;
  readonly text: string;
  reader: ResponseReader;
}

/** Reads `bytes` pushed as the given parts; what the sink saw. */
function read(parts: Buffer[], method = 'GET'): Seen {
  const seen: Seen = {
    head: undefined,
    body: [],
    ends: 0,
    get text() {
      return Buffer.concat(seen.body).toString('utf8');
    },
    reader: new ResponseReader(method, (head) => {
      seen.head = head;
      return { data: (chunk) => seen.body.push(chunk), end: () => seen.ends++ };
    }),
  };
  for (const part of parts) seen.reader.push(part);
  return seen;
}

/** `text` cut at every place into two parts, and byte by byte. */
function splits(text: string): Buffer[][] {
  const bytes = Buffer.from(text, 'utf8');
  const ways: Buffer[][] = [[...bytes].map((b) => Buffer.from([b]))];
  for (let at = 0; at <= bytes.length; at++) ways.push([bytes.subarray(0, at), bytes.subarray(at)]);
  return ways;
}

const CHUNKED = [
  'HTTP/1.1 200 OK',
  'Content-Type: application/json',
  'Transfer-Encoding: chunked',
  '',
  '7',
  '[{"a":1',
  'B;name=value',
  '},{"b":"é"',
  '1',
  ']',
  '0',
  'Checksum: abc',
  'Other: x',
  '',
  'after the answer',
].join('\r\n');

describe('ResponseReader', () => {
  it('hands a Content-Length body on however its bytes are cut, and ends it once', () => {
    const answer = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n[{"ID":"été"}]';
    for (const parts of splits(answer)) {
      const seen = read(parts);
      expect(seen.head).toEqual({ status: 200, headers: { 'content-type': 'application/json', 'content-length': '16' } });
      expect(seen.text).toBe('[{"ID":"été"}]');
      expect(seen.ends).toBe(1);
      expect(seen.reader.complete).toBe(true);
    }
  });

  it('decodes a chunked body cut anywhere: size lines, extensions, the line end after a chunk, trailers', () => {
    for (const parts of splits(CHUNKED)) {
      const seen = read(parts);
      expect(seen.head?.status).toBe(200);
      expect(seen.text).toBe('[{"a":1},{"b":"é"]');
      expect(seen.ends).toBe(1);
    }
  });

  it('hands the body as views of the bytes pushed, not copies', () => {
    const answer = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcd');
    const seen = read([answer]);
    expect(seen.body).toHaveLength(1);
    expect(seen.body[0]!.buffer).toBe(answer.buffer);
  });

  it('skips an interim answer, and reads no body for 204, 304 or a HEAD request', () => {
    const interim = read([Buffer.from('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}')]);
    expect(interim.head?.status).toBe(201);
    expect(interim.text).toBe('{}');
    for (const [method, status] of [
      ['DELETE', 204],
      ['GET', 304],
      ['HEAD', 200],
    ] as const) {
      const seen = read([Buffer.from(`HTTP/1.1 ${status} X\r\nContent-Length: 10\r\n\r\n`)], method);
      expect([seen.head?.status, seen.text, seen.ends]).toEqual([status, '', 1]);
    }
  });

  it('lower-cases header names and joins repeated ones', () => {
    const seen = read([Buffer.from('HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nX-A: 1\r\nx-a: 2\r\nContent-Length: 0\r\n\r\n')]);
    expect(seen.head?.headers).toEqual({ 'api-version': '1.41', 'x-a': '1, 2', 'content-length': '0' });
  });

  it('reads a body without length to the end of the connection', () => {
    const seen = read([Buffer.from('HTTP/1.0 200 OK\r\n\r\nab'), Buffer.from('cd')]);
    expect(seen.ends).toBe(0);
    seen.reader.end();
    expect([seen.text, seen.ends, seen.reader.complete]).toEqual(['abcd', 1, true]);
  });

  it('reports an answer cut short as a cut connection, not as a malformed answer', () => {
    for (const partial of ['HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab', 'HTTP/1.1 20']) {
      const seen = read([Buffer.from(partial)]);
      let error: unknown;
      try {
        seen.reader.end();
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(SyntaxError);
      expect(seen.ends).toBe(0);
    }
  });

  it('throws a SyntaxError for a framing no server sends', () => {
    for (const bad of [
      'SSH-2.0-OpenSSH\r\n\r\n',
      'HTTP/1.1 200 OK\r\nno colon\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n',
      `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${'1'.repeat(9000)}`,
    ]) {
      expect(() => read([Buffer.from(bad)]), bad.slice(0, 60)).toThrow(SyntaxError);
    }
    expect(() => read([Buffer.from(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(70_000)}`)])).toThrow(SyntaxError);
  });
});
