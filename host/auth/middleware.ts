/**
 * Request guards. Browser pages need a session (htmx requests are sent to the login page
 * with `HX-Redirect`: a 3xx would be followed by the XHR and the login form swapped into
 * the page). `/api/*` needs a bearer token, so it carries no ambient credential to forge.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Principal } from '../../src/contract/host.ts';
import type { HostDb } from '../db/open.ts';
import { apiError } from '../http.ts';
import { bearerTokenOf, principalFromApiToken, principalFromSession, rememberPrincipal, sessionTokenOf } from './principal.ts';

export interface HostEnv {
  Variables: { principal: Principal };
}

const SAFE_METHOD = /^(GET|HEAD|OPTIONS)$/;

/**
 * Where to go after login: `next` resolved against the panel's own URL, kept only when it stays on
 * the panel's origin. Browsers drop tabs and newlines and read `\\` as `/`, so `/\t/evil.example`
 * is `//evil.example` to them: resolving the way they do catches every such spelling. The path is
 * checked again after resolving, since `/.//evil` normalises to the protocol-relative `//evil`.
 */
export function safeNext(next: string | undefined, panelUrl: string): string {
  if (!next) return '/';
  const panel = new URL(panelUrl);
  const target = URL.canParse(next, panel) ? new URL(next, panel) : null;
  const path = target ? target.pathname + target.search + target.hash : '';
  return target?.origin === panel.origin && /^\/(?![/\\])/.test(path) ? path : '/';
}

export function loginRedirect(c: Context): Response {
  c.header('Vary', 'HX-Request');
  const next = c.req.method === 'GET' ? c.req.path + (new URL(c.req.url).search || '') : '/';
  const location = next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
  if (c.req.header('HX-Request') === 'true') {
    c.header('HX-Redirect', location);
    return c.body(null, 401);
  }
  return c.redirect(location, 302);
}

export function requireSession(db: HostDb): MiddlewareHandler<HostEnv> {
  return async (c, next) => {
    const token = sessionTokenOf(c.req.raw);
    const principal = token ? principalFromSession(db, token) : null;
    if (!principal) return loginRedirect(c);
    c.set('principal', principal);
    rememberPrincipal(c.req.raw, principal);
    await next();
  };
}

export function requireToken(db: HostDb): MiddlewareHandler<HostEnv> {
  return async (c, next) => {
    const token = bearerTokenOf(c.req.raw);
    const principal = token ? principalFromApiToken(db, token) : null;
    if (!principal) {
      c.header('WWW-Authenticate', 'Bearer');
      return apiError(c, 401, 'unauthorized', token ? 'invalid API token' : 'missing bearer token');
    }
    c.set('principal', principal);
    rememberPrincipal(c.req.raw, principal);
    await next();
  };
}

/** Writes through the API need a token with the `write` ability. */
export function requireWriteAbility(): MiddlewareHandler<HostEnv> {
  return async (c, next) => {
    if (!SAFE_METHOD.test(c.req.method) && !c.get('principal').abilities.includes('write')) {
      return apiError(c, 403, 'forbidden', 'this token has the read ability only; writes need read,write');
    }
    await next();
  };
}
