/**
 * The host's browser assets, served from node_modules and host/assets (the panel runs
 * offline, no CDN). A fixed map, not a static directory: nothing else on disk is reachable.
 * URLs carry a content hash, so responses can be cached forever.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

const require = createRequire(import.meta.url);

interface Asset {
  body: string;
  type: string;
  version: string;
}

function load(path: string, type: string): Asset {
  const body = readFileSync(path, 'utf8');
  return { body, type, version: createHash('sha256').update(body).digest('hex').slice(0, 10) };
}

const ASSETS: Record<string, Asset> = {
  'htmx.min.js': load(require.resolve('htmx.org/dist/htmx.min.js'), 'text/javascript; charset=utf-8'),
  // Alpine's CSP build: it parses expressions itself, so pages need no 'unsafe-eval'.
  'alpine.min.js': load(require.resolve('@alpinejs/csp/dist/cdn.min.js'), 'text/javascript; charset=utf-8'),
  'host.css': load(fileURLToPath(new URL('./assets/host.css', import.meta.url)), 'text/css; charset=utf-8'),
};

export type AssetName = 'htmx.min.js' | 'alpine.min.js' | 'host.css';

export function assetUrl(name: AssetName): string {
  return `/assets/${name}?v=${ASSETS[name]!.version}`;
}

export function assetRoutes(): Hono {
  const app = new Hono();
  app.get('/:name', (c) => {
    const asset = Object.hasOwn(ASSETS, c.req.param('name')) ? ASSETS[c.req.param('name')] : undefined;
    if (!asset) return c.notFound();
    c.header('Content-Type', asset.type);
    c.header('Cache-Control', c.req.query('v') === asset.version ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    return c.body(asset.body);
  });
  return app;
}
