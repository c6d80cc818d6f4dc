import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestHost, OWNER_EMAIL, OWNER_PASSWORD, TEST_ORIGIN, type TestHost } from '../testing.ts';

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { origin: TEST_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('login and logout', () => {
  let host: TestHost;
  beforeEach(async () => {
    host = await createTestHost();
  });
  afterEach(() => host.close());

  it('shows the email and password form to an unauthenticated visitor of /', async () => {
    const res = await host.app.request('/');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login');
    const page = await host.app.request(res.headers.get('location')!);
    const html = await page.text();
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<form class="card stacked" method="post" action="/login">');
    expect(html).toContain('name="email"');
    expect(html).toContain('type="password"');
  });

  it('logs in with the right password and sets a safe session cookie', async () => {
    const res = await host.app.request('/login', form({ email: OWNER_EMAIL, password: OWNER_PASSWORD, next: '/servers' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/servers');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^panel_session=[\w-]{43}; Max-Age=604800; Path=\/; HttpOnly; SameSite=Lax$/);
    const token = /panel_session=([^;]+)/.exec(cookie)![1]!;
    const stored = JSON.stringify(host.sqlite.prepare('SELECT * FROM sessions').all());
    expect(stored).not.toContain(token);

    const dashboard = await host.app.request('/', { headers: { cookie: `panel_session=${token}` } });
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain(OWNER_EMAIL);
  });

  it('marks the cookie Secure over https', async () => {
    const res = await host.app.request(
      'https://panel.example/login',
      { ...form({ email: OWNER_EMAIL, password: OWNER_PASSWORD }), headers: { origin: 'https://panel.example', 'content-type': 'application/x-www-form-urlencoded' } },
    );
    expect(res.headers.get('set-cookie')).toContain('; Secure');
  });

  it('refuses a wrong password or an unknown email with the same message', async () => {
    for (const fields of [
      { email: OWNER_EMAIL, password: 'wrong-password' },
      { email: 'nobody@example.com', password: OWNER_PASSWORD },
    ]) {
      const res = await host.app.request('/login', form(fields));
      expect(res.status).toBe(401);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(await res.text()).toContain('Invalid email or password.');
    }
  });

  it('ignores an off-site next and answers htmx with HX-Redirect', async () => {
    const res = await host.app.request('/login', {
      ...form({ email: OWNER_EMAIL, password: OWNER_PASSWORD, next: '//evil.example' }),
      headers: { origin: TEST_ORIGIN, 'content-type': 'application/x-www-form-urlencoded', 'HX-Request': 'true' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('HX-Redirect')).toBe('/');
  });

  it('keeps next on the panel however it is spelled', async () => {
    for (const next of ['/\t/evil.example', '//evil', '/\\evil', 'https://evil', '/.//evil']) {
      const page = await host.app.request(`/login?next=${encodeURIComponent(next)}`);
      expect(await page.text()).toContain('name="next" value="/"');
      const res = await host.app.request('/login', form({ email: OWNER_EMAIL, password: OWNER_PASSWORD, next }));
      expect(res.headers.get('location'), next).toBe('/');
    }
  });

  it('refuses a cross-origin login post', async () => {
    const res = await host.app.request('/login', {
      ...form({ email: OWNER_EMAIL, password: OWNER_PASSWORD }),
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(403);
  });

  it('logs out: the session stops working', async () => {
    const session = await host.login(OWNER_EMAIL, OWNER_PASSWORD);
    const out = await session.request('/logout', { form: { _csrf: session.csrf } });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toContain('panel_session=; Max-Age=0');
    expect((await session.request('/')).status).toBe(302);
  });

  it('sends a logged-in visitor of /login on to the app', async () => {
    const session = await host.login(OWNER_EMAIL, OWNER_PASSWORD);
    const res = await session.request('/login?next=/servers');
    expect(res.headers.get('location')).toBe('/servers');
  });
});
