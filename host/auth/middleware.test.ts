import { Hono } from 'hono';
import { beforeEach, describe, expect, it } from 'vitest';
import { type HostDb, openDatabase } from '../db/open.ts';
import { createApiToken, createTeam, createUser } from '../store/accounts.ts';
import { TEST_PASSWORD_COST as passwordCost } from '../testing.ts';
import { type HostEnv, requireSession, requireToken, requireWriteAbility, safeNext } from './middleware.ts';
import { SESSION_COOKIE } from './principal.ts';
import { createSession } from './sessions.ts';

describe('guards', () => {
  let db: HostDb;
  let userId: string;

  beforeEach(async () => {
    db = openDatabase({ file: ':memory:' }).db;
    const teamId = createTeam(db, { name: 'T', createdBy: null }).id;
    userId = (await createUser(db, { teamId, email: 'a@example.com', password: 'password-123', role: 'member', passwordCost })).id;
  });

  function web() {
    const app = new Hono<HostEnv>();
    app.use('*', requireSession(db));
    app.get('*', (c) => c.text(c.get('principal').email));
    return app;
  }

  function api() {
    const app = new Hono<HostEnv>();
    app.use('*', requireToken(db), requireWriteAbility());
    app.all('*', (c) => c.text(c.get('principal').via));
    return app;
  }

  it('redirects a browser without a session to the login page, keeping where it was going', async () => {
    const res = await web().request('/servers?x=1');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?next=%2Fservers%3Fx%3D1');
    expect(res.headers.get('vary')).toContain('HX-Request');
  });

  it('sends htmx requests to the login page with HX-Redirect, never a 3xx', async () => {
    const res = await web().request('/', { headers: { 'HX-Request': 'true' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('HX-Redirect')).toBe('/login');
    expect(res.headers.get('location')).toBeNull();
  });

  it('lets a session through', async () => {
    const { token } = createSession(db, { userId });
    const res = await web().request('/', { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
    expect(await res.text()).toBe('a@example.com');
  });

  it('answers 401 in the API error shape without a valid token', async () => {
    const res = await api().request('/x');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'missing bearer token' } });
    const bad = await api().request('/x', { headers: { authorization: 'Bearer nope' } });
    expect((await bad.json()).error.message).toBe('invalid API token');
  });

  it('refuses writes with a read token', async () => {
    const { token } = createApiToken(db, { userId, abilities: ['read'] });
    const headers = { authorization: `Bearer ${token}` };
    expect((await api().request('/x', { headers })).status).toBe(200);
    const res = await api().request('/x', { method: 'POST', headers });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('forbidden');
  });

  it('only follows next paths that stay on the panel origin', () => {
    const panel = 'http://localhost/login';
    expect(safeNext('/servers?x=1#top', panel)).toBe('/servers?x=1#top');
    expect(safeNext('http://localhost/servers', panel)).toBe('/servers');
    for (const evil of [
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/.//evil.example',
      '/a/..//evil.example',
      'https://evil.example',
      'http://localhost:8080/',
      'javascript:alert(1)',
    ]) {
      expect(safeNext(evil, panel), evil).toBe('/');
    }
    expect(safeNext(undefined, panel)).toBe('/');
  });
});
