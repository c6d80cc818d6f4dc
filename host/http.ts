/** Response helpers shared by the API and the pages. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HostError } from './errors.ts';

/** The one JSON error shape of every API: `{"error":{"code","message"}}`. */
export function apiError(c: Context, status: ContentfulStatusCode, code: string, message: string): Response {
  return c.json({ error: { code, message } }, status);
}

export function hostErrorResponse(c: Context, error: HostError): Response {
  return apiError(c, error.status, error.code, error.message);
}

export async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new HostError(400, 'invalid_json', 'body: must be a valid JSON object');
  }
}

export const isHtmx = (c: Context) => c.req.header('HX-Request') === 'true';

/** After a successful form post: htmx gets HX-Redirect (a 3xx would be followed by the XHR), a plain form a 303. */
export function redirectAfterPost(c: Context, location: string): Response {
  c.header('Vary', 'HX-Request');
  if (!isHtmx(c)) return c.redirect(location, 303);
  c.header('HX-Redirect', location);
  return c.body(null, 200);
}
