/**
 * The reference host: one Hono app with the host's pages and admin API, and the clusters
 * plugin mounted at /clusters and /api/v1/clusters. `npm start` serves it (host/main.ts);
 * tests call `app.request()` on it with an in-memory database.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import type { HostLogger, HostServices, PluginSettingsOverrides } from '../src/contract/host.ts';
import type { ClustersPlugin } from '../src/contract/plugin.ts';
import { createClustersPlugin } from '../src/index.ts';
import { assetRoutes } from './assets.ts';
import { csrfProtection } from './auth/csrf.ts';
import { LoginThrottle, type LoginThrottleSettings } from './auth/login-throttle.ts';
import { type HostEnv, requireSession, requireToken } from './auth/middleware.ts';
import { PASSWORD_COST, type PasswordCost } from './auth/password.ts';
import { requestBodyLimits } from './body-limits.ts';
import { type AdminBootstrap, type BootstrapResult, bootstrapOwner } from './bootstrap.ts';
import { clientAddress } from './client-address.ts';
import { compression } from './compression.ts';
import { createCipher, generateHostKey, type HostCipher, loadHostKey } from './crypto.ts';
import { type HostDb, openDatabase } from './db/open.ts';
import { HostError } from './errors.ts';
import { createExtensions, type HostExtensions } from './extensions.ts';
import { apiError, hostErrorResponse } from './http.ts';
import { createLogger } from './logger.ts';
import { type ClustersPluginFactory, HOST_INFO, type MountedPlugin, mountPlugin } from './mount-plugin.ts';
import { apiRoutes } from './routes/api.ts';
import { authRoutes } from './routes/auth.tsx';
import type { RouteDeps } from './routes/deps.ts';
import { API_REFERENCE_PATH, apiReferenceRoutes } from './routes/pages/api-reference.ts';
import { applicationRoutes } from './routes/pages/applications.tsx';
import { dashboardRoutes } from './routes/pages/dashboard.tsx';
import { notificationRoutes } from './routes/pages/notifications.tsx';
import { serverRoutes } from './routes/pages/servers.tsx';
import { createHostServices } from './services.ts';

export interface HostAppOptions {
  /** Holds `panel.sqlite` and `host.key`; `':memory:'` for an in-memory database and a throwaway key. */
  dataDir: string;
  /** Looked up for `HOST_KEY`. */
  env?: Record<string, string | undefined>;
  /** Overrides `HOST_KEY` and `host.key`. */
  hostKey?: Buffer;
  /** The owner to create (or keep) on start. */
  admin?: AdminBootstrap;
  /** The plugin to mount: by default the clusters plugin of this package; `false` for none. */
  plugin?: ClustersPluginFactory | false;
  pluginSettings?: PluginSettingsOverrides;
  logger?: HostLogger;
  /** scrypt's cost for the passwords this host hashes: `PASSWORD_COST` unless given (tests make it cheap). */
  passwordCost?: PasswordCost;
  /** Login throttling thresholds and waits; tests shorten them. */
  loginThrottle?: Partial<LoginThrottleSettings>;
  /** Take the client address from X-Forwarded-For (behind a reverse proxy); `TRUST_PROXY=1`. */
  trustProxy?: boolean;
  /** For webhooks; injectable in tests. */
  fetch?: typeof fetch;
}

export interface HostApp {
  app: Hono<HostEnv>;
  services: HostServices;
  db: HostDb;
  sqlite: Database.Database;
  cipher: HostCipher;
  /** What plugins add to the host's pages (sidebar entries, application widgets). */
  extensions: HostExtensions;
  plugin: ClustersPlugin | null;
  owner: BootstrapResult | null;
  /** Stops the plugin's jobs and the plugin, then closes the database. */
  close(): Promise<void>;
}

type ContentSecurityPolicy = NonNullable<Parameters<typeof secureHeaders>[0]>['contentSecurityPolicy'];

/**
 * Scripts, styles and everything else from the panel only: no inline script or handler, no eval (Alpine's
 * CSP build, htmx with allowEval off), no style attribute; nothing may frame the panel but itself.
 */
const CONTENT_SECURITY_POLICY: ContentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
};

/**
 * The API reference page alone: Scalar starts from an inline script, allowed by a nonce of the request (still no
 * 'unsafe-inline' or eval for scripts, nothing from elsewhere). Its bundle injects stylesheets, some without the
 * nonce (its theme, its toasts), and sets style attributes: styles are let in inline on this page, where they
 * cannot run anything and the page holds nothing of the team's but the API's description.
 */
const API_REFERENCE_POLICY: ContentSecurityPolicy = {
  ...CONTENT_SECURITY_POLICY,
  scriptSrc: ["'self'", NONCE],
  styleSrc: ["'self'", "'unsafe-inline'"],
};

/** Paths a visitor without a session may reach (the API has its own bearer check, assets are routed before). */
const PUBLIC_PATH = /^\/(login|logout|healthz)$|^\/(assets|api)\//;

export async function createHostApp(opts: HostAppOptions): Promise<HostApp> {
  const inMemory = opts.dataDir === ':memory:';
  const logger = opts.logger ?? createLogger();
  // Owner-only: it holds the database (hashes, encrypted keys) and usually the host key.
  if (!inMemory) mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const { db, sqlite } = openDatabase({ file: inMemory ? ':memory:' : join(opts.dataDir, 'panel.sqlite') });
  const key = opts.hostKey ?? (inMemory ? generateHostKey() : loadHostKey({ dataDir: opts.dataDir, env: opts.env }));
  const cipher = createCipher(key);
  const extensions = createExtensions();
  const services = createHostServices({ db, sqlite, cipher, logger, extensions, fetch: opts.fetch });
  const passwordCost = opts.passwordCost ?? PASSWORD_COST;
  const deps: RouteDeps = { db, cipher, logger, services, extensions, passwordCost };

  try {
    const owner = opts.admin ? await bootstrapOwner(db, opts.admin, passwordCost) : null;
    const app = new Hono<HostEnv>();

    // Outermost, so it compresses what every other middleware and route produced. Event streams are never
    // compressed and a followed log stream says `no-transform`: gzip would hold their lines back.
    app.use('*', compression());
    // Referrer-Policy `no-referrer` would make browsers send `Origin: null` on form posts.
    const headers = (contentSecurityPolicy: ContentSecurityPolicy) =>
      secureHeaders({ referrerPolicy: 'strict-origin-when-cross-origin', contentSecurityPolicy });
    const pageHeaders = headers(CONTENT_SECURITY_POLICY);
    const apiReferenceHeaders = headers(API_REFERENCE_POLICY);
    app.use('*', (c, next) => (c.req.path === API_REFERENCE_PATH ? apiReferenceHeaders : pageHeaders)(c, next));
    app.get('/healthz', (c) => c.text('ok'));
    app.route('/assets', assetRoutes());

    // Who is asking comes first, so nothing reads a body for a request that is refused anyway.
    app.use('/api/*', requireToken(db));
    const session = requireSession(db);
    app.use('*', (c, next) => (PUBLIC_PATH.test(c.req.path) ? next() : session(c, next)));
    app.use('*', requestBodyLimits({ webMount: HOST_INFO.mounts.web }));
    app.use('*', csrfProtection({ exemptPaths: ['/login'] }));

    const trustProxy = opts.trustProxy ?? false;
    const throttle = new LoginThrottle(opts.loginThrottle);
    app.route('/', authRoutes(deps, { throttle, clientAddress: (c) => clientAddress(c, { trustProxy }) }));
    app.route('/api/v1', apiRoutes(deps));
    app.route('/', dashboardRoutes(deps));
    app.route('/', serverRoutes(deps));
    app.route('/', applicationRoutes(deps));
    app.route('/', notificationRoutes(deps));

    const factory = opts.plugin === false ? null : (opts.plugin ?? createClustersPlugin);
    let mounted: MountedPlugin | null = null;
    if (factory) {
      mounted = mountPlugin({ app, factory, services, extensions, settings: opts.pluginSettings });
      app.route('/', apiReferenceRoutes(mounted.plugin.api));
      extensions.sidebar.push({ id: 'api-reference', label: 'API reference', href: API_REFERENCE_PATH, icon: 'api', visible: async () => true });
    } else {
      logger.warn('no clusters plugin mounted', { reason: 'disabled' });
    }

    app.notFound(async (c) => {
      if (c.req.path.startsWith('/api/')) return apiError(c, 404, 'not_found', `no route for ${c.req.method} ${c.req.path}`);
      const body = '<h1>Not found</h1><p class="muted">Nothing here, or not in your team.</p>';
      return c.html(await services.layout.render({ title: 'Not found', body, request: c.req.raw }), 404);
    });

    app.onError((err, c) => {
      const isApi = c.req.path.startsWith('/api/');
      if (err instanceof HostError) return isApi ? hostErrorResponse(c, err) : c.text(err.message, err.status);
      if (err instanceof HTTPException) {
        return isApi ? apiError(c, err.status, 'http_error', err.message || 'request refused') : err.getResponse();
      }
      logger.error('request failed', { method: c.req.method, path: c.req.path, error: err });
      return isApi ? apiError(c, 500, 'internal', 'internal error') : c.text('Internal error', 500);
    });

    return {
      app,
      services,
      db,
      sqlite,
      cipher,
      extensions,
      plugin: mounted?.plugin ?? null,
      owner,
      async close() {
        try {
          await mounted?.stop();
        } finally {
          sqlite.close();
        }
      },
    };
  } catch (err) {
    sqlite.close();
    throw err;
  }
}
