import { describe, expect, it } from 'vitest';
import { COMPILE_EAGERLY, pluginAssets } from './assets.ts';

describe('plugin assets', () => {
  const assets = pluginAssets('/clusters');
  const app = assets.routes();
  const get = (name: string) => app.request(assets.url(name).replace('/clusters/assets', ''));

  it("serves a cluster page's scripts as one file, compiled whole by chromium when read, cached for good", async () => {
    const res = await get('cluster-page.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    const body = await res.text();
    expect(body.startsWith(COMPILE_EAGERLY)).toBe(true);
    for (const part of ['clusters-live.js', 'copy-button.js', 'cluster-pages.js']) {
      expect(body).toContain(await (await get(part)).text());
    }
  });
});
