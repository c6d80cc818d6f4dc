/**
 * CSRF protection for browser writes, two layers: Hono's origin / Sec-Fetch-Site check (a
 * cross-site form POST is refused), then, for requests carrying a session cookie, the
 * per-session token from the `X-CSRF-Token` header (htmx, via `hx-headers` on <body>) or the
 * `_csrf` field of a plain form. Only a request authenticated by a valid bearer token and
 * carrying no session cookie skips both: it has no ambient credential to forge. A write
 * carrying both is refused, so no header of the attacker's choosing can switch the check off.
 * Runs after authentication, so a body is parsed for its `_csrf` field only with a real session.
 */
import type { MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import type { HostEnv } from './middleware.ts';
import { bearerTokenOf, sessionTokenOf } from './principal.ts';
import { csrfTokenFor, safeEqual } from './secrets.ts';

export const CSRF_HEADER = 'X-CSRF-Token';
export const CSRF_FIELD = '_csrf';

const SAFE_METHOD = /^(GET|HEAD|OPTIONS)$/;
const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** The token pages put in forms and in `hx-headers`; empty without a session. */
export function csrfTokenOf(request: Request): string {
  const session = sessionTokenOf(request);
  return session ? csrfTokenFor(session) : '';
}

export function csrfProtection(opts: { exemptPaths?: string[] } = {}): MiddlewareHandler<HostEnv> {
  const originCheck = csrf();
  const exempt = new Set(opts.exemptPaths ?? []);
  return async (c, next) => {
    if (SAFE_METHOD.test(c.req.method)) return next();
    const session = sessionTokenOf(c.req.raw);
    if (bearerTokenOf(c.req.raw) !== undefined) {
      if (session !== undefined) {
        return c.text('Forbidden: a write carries a session cookie or a bearer token, not both.', 403);
      }
      if (c.get('principal')?.via === 'token') return next();
    }
    // Throws a 403 HTTPException for a cross-site form; on success it just calls the no-op.
    await originCheck(c, async () => {});
    // Exempt paths (the login form) have no session token to show yet; the origin check still applies.
    if (session && !exempt.has(c.req.path)) {
      const sent = c.req.header(CSRF_HEADER) ?? (await formField(c.req.raw, CSRF_FIELD));
      if (!sent || !safeEqual(sent, csrfTokenFor(session))) {
        return c.text('Forbidden: missing or invalid CSRF token. Reload the page and try again.', 403);
      }
    }
    await next();
  };
}

async function formField(request: Request, name: string): Promise<string | undefined> {
  if (!FORM_TYPE.test(request.headers.get('content-type') ?? '')) return undefined;
  // A clone: the handler (possibly the plugin, reading `c.req.raw`) still gets an unread body.
  const form = await request
    .clone()
    .formData()
    .catch(() => null);
  const value = form?.get(name);
  return typeof value === 'string' ? value : undefined;
}
