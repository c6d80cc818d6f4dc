import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { Fetched } from '../../services/last-known.ts';
import { fetchedJson } from './cluster-json.ts';
import { acceptedEncoding, fetchedResponse } from './fetched-response.ts';

// Docker strings are UTF-8: the answer's length is counted in bytes.
const rows = Array.from({ length: 2_000 }, (_, i) => ({ id: i === 0 ? 'tâche-✓' : `task-${i}`, state: i % 10 === 9 ? 'failed' : 'running' }));

describe('fetchedResponse', () => {
  let fetched: Fetched<typeof rows> = { data: rows, fetchedAt: '2026-12-06T22:00:00.000Z', stale: false };
  const app = new Hono().get('/', (c) => fetchedResponse(c, fetched));

  it('answers the JSON of fetchedJson, compressed for a client that accepts brotli or gzip, the same bytes for the same snapshot', async () => {
    const plain = await app.request('/');
    expect(plain.headers.get('content-type')).toBe('application/json');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toMatch(/accept-encoding/i);
    const bytes = Buffer.from(await plain.arrayBuffer());
    expect(Number(plain.headers.get('content-length'))).toBe(bytes.length);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual(fetchedJson(fetched));

    const first = Buffer.from(await (await app.request('/', { headers: { 'accept-encoding': 'gzip' } })).arrayBuffer());
    const again = await app.request('/', { headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(again.headers.get('content-encoding')).toBe('gzip');
    expect(Buffer.from(await again.arrayBuffer())).toEqual(first);
    expect(JSON.parse(gunzipSync(first).toString('utf8'))).toEqual(fetchedJson(fetched));

    const br = await app.request('/', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    const brotli = Buffer.from(await br.arrayBuffer());
    expect(JSON.parse(brotliDecompressSync(brotli).toString('utf8'))).toEqual(fetchedJson(fetched));
    expect(brotli.length).toBeLessThan(first.length);
    const brAgain = await app.request('/', { headers: { 'accept-encoding': 'br' } });
    expect(Buffer.from(await brAgain.arrayBuffer())).toEqual(brotli);
  });

  it('follows the meta when the same data goes stale', async () => {
    fetched = { ...fetched, stale: true, reason: 'no manager answered' };
    const res = await app.request('/', { headers: { 'accept-encoding': 'gzip' } });
    expect(JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8')).meta).toEqual({
      fetchedAt: fetched.fetchedAt,
      stale: true,
      reason: 'no manager answered',
    });
  });

  it('reads Accept-Encoding weights: the higher of brotli and gzip, brotli on a tie', () => {
    expect(acceptedEncoding('gzip, deflate, br')).toBe('br');
    expect(acceptedEncoding('br;q=1.0, gzip;q=0.5')).toBe('br');
    expect(acceptedEncoding('br;q=0.5, gzip')).toBe('gzip');
    expect(acceptedEncoding('gzip, br;q=0')).toBe('gzip');
    expect(acceptedEncoding('gzip;q=0.2')).toBe('gzip');
    expect(acceptedEncoding('*')).toBe('br');
    expect(acceptedEncoding('*, br;q=0')).toBe('gzip');
    expect(acceptedEncoding('gzip;q=0')).toBeUndefined();
    expect(acceptedEncoding('identity')).toBeUndefined();
    expect(acceptedEncoding(undefined)).toBeUndefined();
  });
});
