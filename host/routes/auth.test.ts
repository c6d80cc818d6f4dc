import { scryptSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logger.ts';
import { createTestHost, OWNER_EMAIL, OWNER_PASSWORD, TEST_ORIGIN, TEST_PASSWORD_COST, type TestHost } from '../testing.ts';

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
    const res = await host.app.request('https://panel.example/login', {
      ...form({ email: OWNER_EMAIL, password: OWNER_PASSWORD }),
      headers: { origin: 'https://panel.example', 'content-type': 'application/x-www-form-urlencoded' },
    });
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

  it('never writes the submitted email to the log, only a hash of it', async () => {
    const lines: string[] = [];
    const logged = await createTestHost({ logger: createLogger({ level: 'info', write: (line) => lines.push(line) }) });
    try {
      await logged.app.request('/login', form({ email: 'Correct-Horse-Battery', password: 'x' }));
      const failure = lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'login failed');
      expect(failure.emailHash).toMatch(/^[0-9a-f]{16}$/);
      expect(lines.join('\n')).not.toMatch(/correct-horse-battery/i);
    } finally {
      await logged.close();
    }
  });

  it("stores a hash made with other scrypt parameters again at login, with the host's, and the password still works", async () => {
    const salt = Buffer.from('0123456789abcdef');
    const old = ['scrypt', 16384, 8, 1, salt.toString('base64url'), scryptSync(OWNER_PASSWORD, salt, 64, { N: 16384, r: 8, p: 1 }).toString('base64url')].join(
      '$',
    );
    host.sqlite.prepare('UPDATE users SET password_hash = ? WHERE email = ?').run(old, OWNER_EMAIL);
    expect((await host.app.request('/login', form({ email: OWNER_EMAIL, password: OWNER_PASSWORD }))).status).toBe(303);
    const stored = (host.sqlite.prepare('SELECT password_hash FROM users WHERE email = ?').get(OWNER_EMAIL) as { password_hash: string }).password_hash;
    const { N, r, p } = TEST_PASSWORD_COST;
    expect(stored.split('$').slice(0, 4)).toEqual(['scrypt', `${N}`, `${r}`, `${p}`]);
    expect((await host.app.request('/login', form({ email: OWNER_EMAIL, password: OWNER_PASSWORD }))).status).toBe(303);
    expect(host.sqlite.prepare('SELECT password_hash FROM users WHERE email = ?').get(OWNER_EMAIL)).toEqual({ password_hash: stored });
  });

  it('fails an over-long password at once, without hashing it', async () => {
    // Seen, not timed: a stored hash scrypt refuses to run (N is not a power of two) fails any login that hashes
    // against it, whatever the machine's load.
    const unhashable = ['scrypt', 3, 8, 1, Buffer.from('0123456789abcdef').toString('base64url'), Buffer.alloc(64).toString('base64url')].join('$');
    host.sqlite.prepare('UPDATE users SET password_hash = ? WHERE email = ?').run(unhashable, OWNER_EMAIL);
    expect((await host.app.request('/login', form({ email: OWNER_EMAIL, password: OWNER_PASSWORD }))).status).toBe(500);
    const res = await host.app.request('/login', form({ email: OWNER_EMAIL, password: OWNER_PASSWORD + 'x'.repeat(2000) }));
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('Invalid email or password.');
  });
});

describe('login throttling', () => {
  const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });
  const attempt = (host: TestHost, fields: Record<string, string>, address = '203.0.113.7') => host.app.request('/login', form(fields), from(address));

  it('answers 429 with Retry-After after a few wrong passwords in a row, even to the right one', async () => {
    // A wait longer than the test: 35 more attempts on a loaded machine can take the default second.
    const host = await createTestHost({ loginThrottle: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    try {
      const statuses = [];
      for (let i = 0; i < 40; i++) statuses.push((await attempt(host, { email: OWNER_EMAIL, password: `guess-${i}` })).status);
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
      const refused = await attempt(host, { email: OWNER_EMAIL, password: OWNER_PASSWORD });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(refused.headers.get('set-cookie')).toBeNull();
      expect(await refused.text()).toMatch(/Too many failed attempts: try again in \d+ seconds?\./);
    } finally {
      await host.close();
    }
  });

  it('counts guesses sent all at once before any of them is answered', async () => {
    // A wait longer than the test, as above: with the default second, a guess handled over a second after the fifth
    // failure (a loaded machine) was let through to a sixth 401.
    const host = await createTestHost({ loginThrottle: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    try {
      const guesses = Array.from({ length: 20 }, (_, i) => attempt(host, { email: OWNER_EMAIL, password: `parallel-${i}` }));
      const statuses = (await Promise.all(guesses)).map((res) => res.status);
      expect(statuses.filter((status) => status === 401)).toHaveLength(5);
      expect(statuses.filter((status) => status === 429)).toHaveLength(15);
    } finally {
      await host.close();
    }
  });

  it('lets the real user in once the wait is over, and a success clears the account', async () => {
    // The clock is moved rather than waited on: the wait is exact, and the test takes no 3 s.
    vi.useFakeTimers({ toFake: ['Date'] });
    const host = await createTestHost({ loginThrottle: { accountFailures: 3, baseDelayMs: 3000, maxDelayMs: 3000 } });
    try {
      for (let i = 0; i < 3; i++) expect((await attempt(host, { email: OWNER_EMAIL, password: 'wrong-password' })).status).toBe(401);
      expect((await attempt(host, { email: OWNER_EMAIL, password: OWNER_PASSWORD })).status).toBe(429);
      vi.setSystemTime(Date.now() + 2999);
      expect((await attempt(host, { email: OWNER_EMAIL, password: OWNER_PASSWORD })).status).toBe(429);
      vi.setSystemTime(Date.now() + 1);
      expect((await attempt(host, { email: OWNER_EMAIL, password: OWNER_PASSWORD })).status).toBe(303);
      // Cleared: the next mistake is a plain 401 again.
      expect((await attempt(host, { email: OWNER_EMAIL, password: 'wrong-password' })).status).toBe(401);
    } finally {
      await host.close();
      vi.useRealTimers();
    }
  });

  it('slows down one address guessing across many accounts, not the others', async () => {
    const host = await createTestHost({ loginThrottle: { addressFailures: 4, baseDelayMs: 60_000 } });
    try {
      for (let i = 0; i < 4; i++) await attempt(host, { email: `user${i}@example.com`, password: 'password-1' }, '192.0.2.50');
      expect((await attempt(host, { email: OWNER_EMAIL, password: OWNER_PASSWORD }, '192.0.2.50')).status).toBe(429);
      expect((await attempt(host, { email: OWNER_EMAIL, password: OWNER_PASSWORD }, '192.0.2.51')).status).toBe(303);
    } finally {
      await host.close();
    }
  });
});
