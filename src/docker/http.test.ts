import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { memoryEngine } from '../../test/support/memory-engine.ts';
import { DockerError } from './errors.ts';
import { buildPath, engineList, engineRequest, engineStream } from './http.ts';

describe('buildPath', () => {
  it('encodes the query and skips undefined values', () => {
    expect(buildPath('/v1.41/tasks', { filters: JSON.stringify({ service: ['a b'] }), x: undefined, status: true })).toBe(
      '/v1.41/tasks?filters=%7B%22service%22%3A%5B%22a+b%22%5D%7D&status=true',
    );
    expect(buildPath('/v1.41/info')).toBe('/v1.41/info');
  });
});

describe('engineRequest', () => {
  it('sends method, path, Host: docker and a JSON body, and parses the JSON answer', async () => {
    const seen: Array<{ method?: string; url?: string; host?: string; type?: string; body: string }> = [];
    const engine = memoryEngine((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, host: req.headers.host, type: req.headers['content-type'], body });
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ ok: true }));
      });
    });
    const response = await engineRequest(engine, {
      method: 'POST',
      path: '/v1.41/services/abc/update',
      query: { version: 12 },
      body: { Name: 'web' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true });
    expect(seen).toEqual([{ method: 'POST', url: '/v1.41/services/abc/update?version=12', host: 'docker', type: 'application/json', body: '{"Name":"web"}' }]);
  });

  it('returns undefined for an empty body (204)', async () => {
    const engine = memoryEngine((_req, res) => {
      res.statusCode = 204;
      res.end();
    });
    expect((await engineRequest(engine, { method: 'DELETE', path: '/v1.41/services/x' })).body).toBeUndefined();
  });

  it.each([
    [400, 'bad_request'],
    [404, 'not_found'],
    [409, 'conflict'],
    [412, 'precondition'],
    [503, 'precondition'],
    [500, 'engine'],
  ] as const)('maps HTTP %i to code %s with Docker’s message', async (status, code) => {
    const engine = memoryEngine((_req, res) => {
      res.statusCode = status;
      res.end(JSON.stringify({ message: `engine says ${status}` }));
    });
    const error = await engineRequest(engine, { method: 'GET', path: '/v1.41/nodes/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DockerError);
    expect(error).toMatchObject({ code, status, message: `engine says ${status}` });
  });

  it('times out with code timeout when the engine does not answer', async () => {
    const engine = memoryEngine(() => {});
    const error = await engineRequest(engine, { method: 'GET', path: '/v1.41/info', timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'timeout' });
  });

  it('reports a transport that cannot open a stream as unreachable', async () => {
    const transport = {
      id: 'down',
      openStream: () => Promise.reject(new Error('connect ECONNREFUSED')),
      close: async () => {},
    };
    const error = await engineRequest(transport, { method: 'GET', path: '/_ping' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unreachable' });
    expect((error as Error).message).toContain('ECONNREFUSED');
  });

  it('uses one stream per request', async () => {
    const engine = memoryEngine((_req, res) => res.end('OK'));
    await Promise.all([1, 2, 3].map(() => engineRequest(engine, { method: 'GET', path: '/_ping' })));
    expect(engine.openedWith).toHaveLength(3);
  });

  it('opens the streams of requests and lists as read whole, and those of streamed answers not', async () => {
    const engine = memoryEngine((_req, res) => res.end('[]'));
    await engineRequest(engine, { method: 'GET', path: '/v1.41/info' });
    await engineList(engine, { method: 'GET', path: '/v1.41/tasks' }, (value) => value);
    const stream = await engineStream(engine, { method: 'GET', path: '/v1.41/events' });
    stream.body.resume();
    await new Promise((resolve) => stream.body.on('end', resolve));
    expect(engine.openedWith.map((options) => options.readWhole)).toEqual([true, true, false]);
  });
});

describe('engineStream', () => {
  it('streams a chunked body until aborted', async () => {
    const engine = memoryEngine((_req, res) => {
      res.write('{"n":1}\n');
      setTimeout(() => res.write('{"n":2}\n'), 10);
    });
    const controller = new AbortController();
    const stream = await engineStream(engine, { method: 'GET', path: '/v1.41/events', signal: controller.signal });
    const chunks: string[] = [];
    stream.body.on('data', (chunk: Buffer) => {
      chunks.push(chunk.toString());
      if (chunks.join('').includes('"n":2')) controller.abort();
    });
    await new Promise((resolve) => stream.body.on('close', resolve));
    expect(chunks.join('')).toBe('{"n":1}\n{"n":2}\n');
  });

  it('throws the typed error for a non-2xx stream answer', async () => {
    const engine = memoryEngine((_req, res) => {
      res.statusCode = 503;
      res.end(JSON.stringify({ message: 'This node is not a swarm manager.' }));
    });
    await expect(engineStream(engine, { method: 'GET', path: '/v1.41/events' })).rejects.toMatchObject({
      code: 'precondition',
      message: 'This node is not a swarm manager.',
    });
  });
});

describe('engineList', () => {
  it('hands each item of a JSON array written in pieces to the callback, and keeps what it returns', async () => {
    const engine = memoryEngine((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.write('[{"ID":"a","Spec":{"big":[1,2,3]}},');
      res.write('{"ID":"b"');
      setTimeout(() => res.end(',"x":"],"},{"ID":"c"}]'), 5);
    });
    const ids = await engineList(engine, { method: 'GET', path: '/v1.41/tasks' }, (value, index) => `${index}:${(value as { ID: string }).ID}`);
    expect(ids).toEqual(['0:a', '1:b', '2:c']);
  });

  it('makes an answer that is no JSON array, or is cut short, an engine error', async () => {
    for (const body of ['{"message":"not a list"}', '[{"ID":"a"},{"ID"']) {
      const engine = memoryEngine((_req, res) => res.end(body));
      await expect(engineList(engine, { method: 'GET', path: '/v1.41/tasks' }, (v) => v)).rejects.toMatchObject({
        code: 'engine',
        message: expect.stringMatching(/^unexpected answer to GET \/v1\.41\/tasks: /),
      });
    }
  });

  it('fails a read whose connection is cut in the middle of the array', async () => {
    const engine = memoryEngine((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.write(`[${'{"ID":"a"},'.repeat(20_000)}`);
      setTimeout(() => res.socket?.destroy(), 5);
    });
    await expect(engineList(engine, { method: 'GET', path: '/v1.41/tasks' }, (v) => v)).rejects.toThrow();
  });

  it('reads an answer whose bytes arrive cut at any place (chunk size lines, chunk ends, trailers across packets)', async () => {
    const engine = memoryEngine((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Trailer', 'X-Checksum');
      res.write('[{"ID":"a","Spec":{"Name":"é"}},');
      res.write('{"ID":"b"}');
      res.addTrailers({ 'X-Checksum': 'abc' });
      res.end(',{"ID":"c"}]');
    });
    for (const slice of [1, 2, 3, 5, 7, 64]) {
      const ids = await engineList(slicing(engine, slice), { method: 'GET', path: '/v1.41/tasks' }, (value) => (value as { ID: string }).ID);
      expect(ids, `slices of ${slice} bytes`).toEqual(['a', 'b', 'c']);
      const answer = await engineRequest(slicing(engine, slice), { method: 'GET', path: '/v1.41/tasks' });
      expect(answer.body, `slices of ${slice} bytes`).toEqual([{ ID: 'a', Spec: { Name: 'é' } }, { ID: 'b' }, { ID: 'c' }]);
      expect(answer.headers['transfer-encoding']).toBe('chunked');
    }
  });

  it('takes an answer framed by the end of the connection whole at its end, and cut short when the stream closes without one', async () => {
    const answering = (close: (stream: Duplex) => void) => ({
      id: 'by-end',
      close: async () => {},
      async openStream() {
        const stream: Duplex = new Duplex({
          read() {},
          write(_chunk, _encoding, callback) {
            stream.push('HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n[{"ID":"a"},');
            setImmediate(() => close(stream));
            callback();
          },
        });
        return stream;
      },
    });
    const ended = answering((stream) => {
      stream.push('{"ID":"b"}]');
      stream.push(null);
    });
    expect(await engineList(ended, { method: 'GET', path: '/v1.41/tasks' }, (value) => (value as { ID: string }).ID)).toEqual(['a', 'b']);
    const cut = answering((stream) => stream.destroy());
    await expect(engineList(cut, { method: 'GET', path: '/v1.41/tasks' }, (value) => value)).rejects.toMatchObject({
      code: 'unreachable',
      message: expect.stringContaining('response aborted'),
    });
  });

  it('throws what the callback throws, and the typed error for a non-2xx answer', async () => {
    const refused = memoryEngine((_req, res) => res.end('[1,2]'));
    await expect(
      engineList(refused, { method: 'GET', path: '/v1.41/tasks' }, () => {
        throw new DockerError('engine', 'not a task');
      }),
    ).rejects.toMatchObject({ code: 'engine', message: 'not a task' });
    const failing = memoryEngine((_req, res) => {
      res.statusCode = 503;
      res.end(JSON.stringify({ message: 'This node is not a swarm manager.' }));
    });
    await expect(engineList(failing, { method: 'GET', path: '/v1.41/tasks' }, (v) => v)).rejects.toMatchObject({ code: 'precondition' });
  });
});

/** The engine's answers handed on `bytes` at a time, as packets cut anywhere would bring them. */
function slicing(engine: ReturnType<typeof memoryEngine>, bytes: number) {
  return {
    id: 'slicing',
    close: async () => {},
    async openStream() {
      const inner = await engine.openStream();
      const outer: Duplex = new Duplex({
        read() {},
        write(chunk, _encoding, callback) {
          inner.write(chunk, callback);
        },
        destroy(error, callback) {
          inner.destroy();
          callback(error);
        },
      });
      inner.on('data', (chunk: Buffer) => {
        for (let at = 0; at < chunk.length; at += bytes) outer.push(chunk.subarray(at, at + bytes));
      });
      inner.on('end', () => outer.push(null));
      return outer;
    },
  };
}
