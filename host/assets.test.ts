import { describe, expect, it } from 'vitest';
import { assetRoutes, assetUrl } from './assets.ts';

describe('assets', () => {
  const app = assetRoutes();

  it('serves htmx, alpine, the CSS and the icon from local files with versioned URLs', async () => {
    for (const [name, type, marker] of [
      ['host.js', 'text/javascript', 'htmx'],
      ['host.js', 'text/javascript', '[x-data]'],
      ['alpine.min.js', 'text/javascript', 'Alpine'],
      ['host.css', 'text/css', 'prefers-color-scheme'],
      ['favicon.svg', 'image/svg+xml', '<svg'],
    ] as const) {
      const url = assetUrl(name).replace('/assets', '');
      const res = await app.request(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect(res.headers.get('cache-control')).toContain('immutable');
      expect(await res.text()).toContain(marker);
    }
  });

  it('has chromium compile every function of the script every page runs when it reads the file', async () => {
    const body = await (await app.request(assetUrl('host.js').replace('/assets', ''))).text();
    expect(body.startsWith('//# allFunctionsCalledOnLoad\n')).toBe(true);
    expect(await (await app.request(assetUrl('alpine.min.js').replace('/assets', ''))).text()).not.toContain('allFunctionsCalledOnLoad');
  });

  it('caches unversioned URLs briefly and serves nothing else', async () => {
    expect((await app.request('/host.css')).headers.get('cache-control')).toBe('public, max-age=300');
    expect((await app.request('/package.json')).status).toBe(404);
    expect((await app.request('/..%2Fpackage.json')).status).toBe(404);
    expect((await app.request('/constructor')).status).toBe(404);
  });
});
