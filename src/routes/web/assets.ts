/**
 * The plugin's browser assets under `<web mount>/assets/`: every file of `views/assets/` plus htmx and
 * alpine from node_modules (no CDN). A fixed map read once, not a static directory: nothing else on disk
 * is reachable. URLs carry a content hash, so a matching request is cached for good.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

const require = createRequire(import.meta.url);
const VIEWS_ASSETS = fileURLToPath(new URL('../../../views/assets/', import.meta.url));

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

interface Asset {
  body: string;
  type: string;
  version: string;
}

/** An asset's version is a hash of its content, so a changed file is a new URL. */
function versioned(body: string, type: string): Asset {
  return { body, type, version: createHash('sha256').update(body).digest('hex').slice(0, 10) };
}

function load(path: string, type: string): Asset {
  return versioned(readFileSync(path, 'utf8'), type);
}

/**
 * Files served as one: a cluster page's scripts (each an IIFE of its own) in one request instead of three. Each
 * fetched script is a request, its loader's tasks and an evaluation of its own in a first paint, and in the browser
 * and network processes a cache lookup and a response to pass on.
 */
const BUNDLES: Record<string, string[]> = {
  'cluster-page.js': ['clusters-live.js', 'copy-button.js', 'cluster-pages.js'],
};

/**
 * Every page runs these scripts' functions, most at load and the rest on its first live update: the comment has
 * chromium compile them all when the file is read (off the main thread, and kept in its code cache) rather than one by
 * one on the main thread when each first runs, in the first paint or the first live patch.
 */
export const COMPILE_EAGERLY = '//# allFunctionsCalledOnLoad\n';

function bundled(parts: string[], assets: Map<string, Asset>): Asset {
  return versioned(COMPILE_EAGERLY + parts.map((part) => assets.get(part)!.body).join('\n'), TYPES['.js']!);
}

function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>([
    ['htmx.min.js', load(require.resolve('htmx.org/dist/htmx.min.js'), TYPES['.js']!)],
    // Alpine's CSP build: it parses expressions itself, so pages need no 'unsafe-eval'.
    ['alpine.min.js', load(require.resolve('@alpinejs/csp/dist/cdn.min.js'), TYPES['.js']!)],
  ]);
  for (const entry of readdirSync(VIEWS_ASSETS, { withFileTypes: true })) {
    const type = TYPES[extname(entry.name)];
    if (entry.isFile() && type) assets.set(entry.name, load(join(VIEWS_ASSETS, entry.name), type));
  }
  for (const [name, parts] of Object.entries(BUNDLES)) assets.set(name, bundled(parts, assets));
  return assets;
}

/** URL of an asset, with its content hash; throws for an unknown name so a typo fails loudly. */
export type AssetUrl = (name: string) => string;

export interface PluginAssets {
  url: AssetUrl;
  routes(): Hono;
}

export function pluginAssets(webMount: string): PluginAssets {
  const assets = loadAssets();
  return {
    url(name) {
      const asset = assets.get(name);
      if (!asset) throw new Error(`no plugin asset ${name} (views/assets/)`);
      return `${webMount}/assets/${name}?v=${asset.version}`;
    },
    routes() {
      const app = new Hono();
      app.get('/:name', (c) => {
        const asset = assets.get(c.req.param('name'));
        if (!asset) return c.notFound();
        c.header('Content-Type', asset.type);
        c.header('X-Content-Type-Options', 'nosniff');
        c.header('Cache-Control', c.req.query('v') === asset.version ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
        return c.body(asset.body);
      });
      return app;
    },
  };
}
