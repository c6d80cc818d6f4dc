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
