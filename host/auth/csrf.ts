/**
 * CSRF protection for browser writes, two layers: Hono's origin / Sec-Fetch-Site check (a
 * cross-site form POST is refused), then, for requests carrying a session cookie, the
 * per-session token from the `X-CSRF-Token` header (htmx, via `hx-headers` on <body>) or the
 * `_csrf` field of a plain form. Requests with a bearer token carry no ambient credential
 * and skip both.
 */
import type { MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
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

export function csrfProtection(opts: { exemptPaths?: string[] } = {}): MiddlewareHandler {
  const originCheck = csrf();
  const exempt = new Set(opts.exemptPaths ?? []);
  return async (c, next) => {
    if (SAFE_METHOD.test(c.req.method) || bearerTokenOf(c.req.raw) !== undefined) return next();
    // Throws a 403 HTTPException for a cross-site form; on success it just calls the no-op.
    await originCheck(c, async () => {});
    const session = sessionTokenOf(c.req.raw);
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
  const form = await request.clone().formData().catch(() => null);
  const value = form?.get(name);
  return typeof value === 'string' ? value : undefined;
}
