import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src/contract/host.ts';
import { CSRF_HEADER, csrfProtection, csrfTokenOf } from './csrf.ts';
import type { HostEnv } from './middleware.ts';
import { bearerTokenOf, SESSION_COOKIE } from './principal.ts';
import { csrfTokenFor } from './secrets.ts';

const session = 'session-secret';
const cookie = `${SESSION_COOKIE}=${session}`;
const form = 'application/x-www-form-urlencoded';
const principal: Principal = { userId: 'u', teamId: 't', role: 'admin', email: 'a@example.com', abilities: ['read', 'write'], via: 'session' };

const VALID_TOKEN = 'valid-token';

function app() {
  const app = new Hono<HostEnv>();
  app.onError((err, c) => (err instanceof HTTPException ? err.getResponse() : c.text('error', 500)));
  // Stands in for requireToken, which runs before: only the valid token yields a principal.
  app.use('*', async (c, next) => {
    if (bearerTokenOf(c.req.raw) === VALID_TOKEN) c.set('principal', { ...principal, via: 'token' });
    await next();
  });
  app.use('*', csrfProtection({ exemptPaths: ['/login'] }));
  // Reads the raw body, as a plugin sub-app might: the middleware must leave it unread.
  app.post('*', async (c) => c.text(`ok ${new URLSearchParams(await c.req.raw.text()).get('name')}`));
  return app;
}

const post = (path: string, headers: Record<string, string>, body = 'name=x') => app().request(path, { method: 'POST', headers, body });

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

  it('skips requests authenticated by a valid bearer token without a session, and safe methods', async () => {
    const crossSite = { 'content-type': form, origin: 'http://evil.example' };
    expect((await post('/api/x', { ...crossSite, authorization: `Bearer ${VALID_TOKEN}` })).status).toBe(200);
    expect((await app().request('/x', { headers: { cookie } })).status).toBe(404);
  });

  it('does not let an invalid bearer header switch the checks off', async () => {
    const res = await post('/servers', { authorization: 'Bearer nonsense', 'content-type': form, origin: 'http://evil.example' });
    expect(res.status).toBe(403);
  });

  it('refuses a write carrying both a session cookie and a bearer token', async () => {
    for (const authorization of ['Bearer nonsense', `Bearer ${VALID_TOKEN}`]) {
      const headers = { authorization, cookie, origin: 'http://localhost', 'content-type': form, [CSRF_HEADER]: csrfTokenFor(session) };
      const res = await post('/servers', headers);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('not both');
    }
  });

  it('gives pages the token of the request session', () => {
    expect(csrfTokenOf(new Request('http://localhost/', { headers: { cookie } }))).toBe(csrfTokenFor(session));
    expect(csrfTokenOf(new Request('http://localhost/'))).toBe('');
  });
});
