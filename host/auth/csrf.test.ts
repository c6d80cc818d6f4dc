import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { CSRF_HEADER, csrfProtection, csrfTokenOf } from './csrf.ts';
import { SESSION_COOKIE } from './principal.ts';
import { csrfTokenFor } from './secrets.ts';

const session = 'session-secret';
const cookie = `${SESSION_COOKIE}=${session}`;
const form = 'application/x-www-form-urlencoded';

function app() {
  const app = new Hono();
  app.onError((err, c) => (err instanceof HTTPException ? err.getResponse() : c.text('error', 500)));
  app.use('*', csrfProtection({ exemptPaths: ['/login'] }));
  // Reads the raw body, as a plugin sub-app might: the middleware must leave it unread.
  app.post('*', async (c) => c.text(`ok ${new URLSearchParams(await c.req.raw.text()).get('name')}`));
  return app;
}

const post = (path: string, headers: Record<string, string>, body = 'name=x') =>
  app().request(path, { method: 'POST', headers, body });

describe('csrfProtection', () => {
  it('refuses a cross-origin form POST', async () => {
    const res = await post('/servers', { origin: 'https://evil.example', 'content-type': form, cookie });
    expect(res.status).toBe(403);
    const noOrigin = await post('/login', { 'content-type': form });
    expect(noOrigin.status).toBe(403);
  });

  it('needs the session CSRF token on same-origin writes with a session', async () => {
    const base = { origin: 'http://localhost', 'content-type': form, cookie };
    expect((await post('/servers', base)).status).toBe(403);
    expect((await post('/servers', { ...base, [CSRF_HEADER]: 'forged' })).status).toBe(403);
    expect(await (await post('/servers', { ...base, [CSRF_HEADER]: csrfTokenFor(session) })).text()).toBe('ok x');
    const viaField = await post('/servers', base, `name=y&_csrf=${csrfTokenFor(session)}`);
    expect(await viaField.text()).toBe('ok y');
  });

  it('accepts Sec-Fetch-Site same-origin in place of Origin', async () => {
    const res = await post('/servers', { 'sec-fetch-site': 'same-origin', 'content-type': form, cookie, [CSRF_HEADER]: csrfTokenFor(session) });
    expect(res.status).toBe(200);
  });

  it('exempts the login form from the token but not from the origin check', async () => {
    expect((await post('/login', { origin: 'http://localhost', 'content-type': form, cookie })).status).toBe(200);
    expect((await post('/login', { origin: 'http://evil.example', 'content-type': form, cookie })).status).toBe(403);
  });

  it('skips bearer-token requests and safe methods', async () => {
    expect((await post('/api/x', { authorization: 'Bearer t', 'content-type': form, origin: 'http://evil.example' })).status).toBe(200);
    expect((await app().request('/x', { headers: { cookie } })).status).toBe(404);
  });

  it('gives pages the token of the request session', () => {
    expect(csrfTokenOf(new Request('http://localhost/', { headers: { cookie } }))).toBe(csrfTokenFor(session));
    expect(csrfTokenOf(new Request('http://localhost/'))).toBe('');
  });
});
