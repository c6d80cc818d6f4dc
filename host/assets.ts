/**
 * The host's browser assets, served from node_modules and host/assets (the panel runs
 * offline, no CDN). A fixed map, not a static directory: nothing else on disk is reachable.
 * URLs carry a content hash, so responses can be cached forever.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

const require = createRequire(import.meta.url);

/**
 * First in a script every page runs whole (htmx: its start at load, its request and swap code at the first click or
 * live update): chromium then compiles all its functions when the file is read, off the main thread and into its code
 * cache, instead of one by one on the main thread as each first runs.
 */
const COMPILE_EAGERLY = '//# allFunctionsCalledOnLoad\n';

interface Asset {
  body: string;
  type: string;
  version: string;
}

const JS = 'text/javascript; charset=utf-8';

/** A file of host/assets. */
const hostFile = (name: string) => fileURLToPath(new URL(`./assets/${name}`, import.meta.url));

/** Where an asset is read from: files of a package or of host/assets, served one after the other as one. */
interface AssetFiles {
  paths(): string[];
  type: string;
  /** Starts with COMPILE_EAGERLY. */
  eager?: boolean;
}

const FILES = {
  // htmx, then what puts Alpine in a page when the page first holds a component (alpine-on-demand.js says why): one
  // file, as every page loads both (one request and one script evaluation fewer in each first paint).
  'host.js': { paths: () => [require.resolve('htmx.org/dist/htmx.min.js'), hostFile('alpine-on-demand.js')], type: JS, eager: true },
  // Alpine's CSP build: it parses expressions itself, so pages need no 'unsafe-eval'.
  'alpine.min.js': { paths: () => [require.resolve('@alpinejs/csp/dist/cdn.min.js')], type: JS },
  'host.css': { paths: () => [hostFile('host.css')], type: 'text/css; charset=utf-8' },
  // Named by every page, so browsers do not ask for /favicon.ico (a 404 in each page's console).
  'favicon.svg': { paths: () => [hostFile('favicon.svg')], type: 'image/svg+xml' },
  // The API reference page's renderer (5 MB, one file): the package exports no path to it, so it is found beside its entry.
  'scalar-api-reference.js': { paths: () => [join(dirname(require.resolve('@scalar/api-reference')), 'browser', 'standalone.js')], type: JS },
} as const satisfies Record<string, AssetFiles>;

export type AssetName = keyof typeof FILES;

/** Read once, when first asked for: most pages never need the larger ones. */
const loaded = new Map<AssetName, Asset>();

function asset(name: AssetName): Asset {
  let found = loaded.get(name);
  if (!found) {
    const file: AssetFiles = FILES[name];
    const body =
      (file.eager ? COMPILE_EAGERLY : '') +
      file
        .paths()
        .map((path) => readFileSync(path, 'utf8'))
        .join('\n');
    found = { body, type: file.type, version: createHash('sha256').update(body).digest('hex').slice(0, 10) };
    loaded.set(name, found);
  }
  return found;
}

export function assetUrl(name: AssetName): string {
  return `/assets/${name}?v=${asset(name).version}`;
}

export function assetRoutes(): Hono {
  const app = new Hono();
  app.get('/:name', (c) => {
    const name = c.req.param('name');
    if (!Object.hasOwn(FILES, name)) return c.notFound();
    const found = asset(name as AssetName);
    c.header('Content-Type', found.type);
    c.header('Cache-Control', c.req.query('v') === found.version ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    return c.body(found.body);
  });
  return app;
}
