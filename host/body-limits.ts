/**
 * Request body limits, chosen by path before anything reads a body. A declared Content-Length over the
 * limit is refused without reading; a chunked body is read only up to the limit.
 *
 * - login and logout: 16 KiB (an email, a password of at most 1024 characters, a CSRF token);
 * - the swarm deploy form of an application (`<web>/applications/:uuid/swarm` and its `/yaml`, `/preflight`,
 *   `/deploy`): 5 MiB, since it carries pasted compose YAML;
 * - everything else, pages and the API: 1 MiB.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { apiError } from './http.ts';

export const BODY_LIMITS = { login: 16 * 1024, upload: 5 * 1024 * 1024, default: 1024 * 1024 };

const LOGIN_PATH = /^\/(login|logout)$/;
const BODILESS_METHOD = /^(GET|HEAD)$/;

export function requestBodyLimits(opts: { webMount: string }): MiddlewareHandler {
  const uploadPath = new RegExp(`^${escapeRegExp(opts.webMount)}/applications/[^/]+/swarm(/|$)`);
  const limiter = (maxSize: number): MiddlewareHandler =>
    bodyLimit({
      maxSize,
      onError: (c) => {
        const message = `request body too large: at most ${formatBytes(maxSize)} here`;
        return c.req.path.startsWith('/api/') ? apiError(c, 413, 'payload_too_large', message) : c.text(message, 413);
      },
    });
  const login = limiter(BODY_LIMITS.login);
  const upload = limiter(BODY_LIMITS.upload);
  const standard = limiter(BODY_LIMITS.default);
  return (c, next) => {
    // A read without Content-Length or Transfer-Encoding has no body (RFC 9112 §6.3); asking hono's bodyLimit would
    // build a whole fetch Request from the node request only to find that out, a good part of a small read's cost.
    if (BODILESS_METHOD.test(c.req.method) && c.req.header('content-length') === undefined && c.req.header('transfer-encoding') === undefined) {
      return next();
    }
    const path = c.req.path;
    if (LOGIN_PATH.test(path)) return login(c, next);
    return (uploadPath.test(path) ? upload : standard)(c, next);
  };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
