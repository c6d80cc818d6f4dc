import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { stream, streamSSE } from 'hono/streaming';
import { describe, expect, it } from 'vitest';
import { compression } from './compression.ts';

const big = JSON.stringify({ data: Array.from({ length: 200 }, (_, i) => ({ id: `row-${i}`, state: 'running' })) });

const app = new Hono()
  .use('*', compression())
  .get('/big', (c) => c.body(big, 200, { 'Content-Type': 'application/json', ETag: '"v1"' }))
  .get('/small', (c) => c.json({ ok: true }))
  .get('/image', (c) => c.body(new Uint8Array(4096), 200, { 'Content-Type': 'image/png' }))
  .get('/events', (c) => streamSSE(c, (out) => out.writeSSE({ data: 'x'.repeat(2048) })))
  .get('/follow', (c) => {
    c.header('Cache-Control', 'no-store, no-transform');
    c.header('Content-Type', 'text/plain; charset=utf-8');
    return stream(c, async (out) => {
      await out.write('x'.repeat(2048));
    });
  });

const gzipped = { 'accept-encoding': 'gzip, br' };

describe('compression', () => {
  it('gzips a compressible answer of 1 KiB and more for a client that accepts gzip, and says it varies', async () => {
    const res = await app.request('/big', { headers: gzipped });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(res.headers.get('etag')).toBe('W/"v1"');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBeLessThan(big.length);
    expect(gunzipSync(bytes).toString('utf8')).toBe(big);
  });

  it('sends as they are small answers, answers to clients without gzip, and types not worth compressing', async () => {
    const small = await app.request('/small', { headers: gzipped });
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(await small.json()).toEqual({ ok: true });
    const withoutGzip: Record<string, string>[] = [{}, { 'accept-encoding': 'gzip;q=0, br' }];
    for (const headers of withoutGzip) {
      const plain = await app.request('/big', { headers });
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(await plain.text()).toBe(big);
    }
    expect((await app.request('/image', { headers: gzipped })).headers.get('content-encoding')).toBeNull();
    const head = await app.request('/big', { method: 'HEAD', headers: gzipped });
    expect(head.headers.get('content-encoding')).toBeNull();
  });

  it('leaves event streams and no-transform answers to flow as they come', async () => {
    for (const path of ['/events', '/follow']) {
      const res = await app.request(path, { headers: gzipped });
      expect(res.headers.get('content-encoding')).toBeNull();
      expect((await res.text()).length).toBeGreaterThanOrEqual(2048);
    }
  });
});
