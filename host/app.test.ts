import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createClustersPlugin } from '../src/index.ts';
import { createHostApp } from './app.ts';
import { PASSWORD_COST } from './auth/password.ts';
import { generateHostKey } from './crypto.ts';
import { createLogger } from './logger.ts';
import { createTestHost, OWNER_EMAIL, OWNER_PASSWORD, OWNER_TOKEN, TEST_ORIGIN, TEST_PASSWORD_COST, TEST_PRIVATE_KEY, type TestHost } from './testing.ts';

const quiet = createLogger({ level: 'silent' });

describe('createHostApp', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function testHost(): Promise<TestHost> {
    const host = await createTestHost();
    cleanups.push(() => host.close());
    return host;
  }

  function tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'host-app-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  it('answers /healthz without a session and sets security headers', async () => {
    const host = await testHost();
    const res = await host.app.request('/healthz');
    expect(await res.text()).toBe('ok');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it('compresses pages and API answers for a client that accepts gzip, with the security headers kept', async () => {
    const host = await testHost();
    for (let i = 0; i < 20; i++) {
      await host.api('POST', '/api/v1/servers', { body: { name: `server-${i}`, ip: `10.0.0.${i + 1}`, privateKey: TEST_PRIVATE_KEY } });
    }
    const plain = await host.app.request('/api/v1/servers', { headers: { authorization: `Bearer ${OWNER_TOKEN}` } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    const json = await plain.text();
    expect(json.length).toBeGreaterThan(1024);

    const gzipped = await host.app.request('/api/v1/servers', { headers: { authorization: `Bearer ${OWNER_TOKEN}`, 'accept-encoding': 'gzip, br' } });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(gzipped.headers.get('vary')).toMatch(/accept-encoding/i);
    const bytes = Buffer.from(await gzipped.arrayBuffer());
    expect(bytes.length).toBeLessThan(json.length);
    expect(gunzipSync(bytes).toString('utf8')).toBe(json);

    const browser = await host.login(OWNER_EMAIL, OWNER_PASSWORD);
    const page = await browser.request('/servers', { headers: { 'accept-encoding': 'gzip' } });
    expect(page.headers.get('content-encoding')).toBe('gzip');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src/);
    expect(gunzipSync(Buffer.from(await page.arrayBuffer())).toString('utf8')).toMatch(/server-19/);
    // Below 1 KiB (the login page) an answer is sent as it is: gzip would cost more than it saves.
    const login = await host.app.request('/login', { headers: { 'accept-encoding': 'gzip' } });
    expect(login.headers.get('content-encoding')).toBeNull();
    expect(await login.text()).toMatch(/<form/);
  });

  it('sends visitors without a session to the login page, even for unknown pages', async () => {
    const host = await testHost();
    expect((await host.app.request('/nowhere')).headers.get('location')).toBe('/login?next=%2Fnowhere');
    const browser = await host.login(OWNER_EMAIL, OWNER_PASSWORD);
    const res = await browser.request('/nowhere');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<h1>Not found</h1>');
  });

  it('hashes passwords at PASSWORD_COST unless given a cost, and its owner logs in with that hash', async () => {
    const admin = { email: OWNER_EMAIL, password: OWNER_PASSWORD, token: OWNER_TOKEN };
    const host = await createHostApp({ dataDir: ':memory:', admin, plugin: false, logger: quiet });
    cleanups.push(() => host.close());
    const storedHash = (email: string) => host.sqlite.prepare('SELECT password_hash FROM users WHERE email = ?').pluck().get(email) as string;
    const costOf = (hash: string) => hash.split('$').slice(0, 4);
    const { N, r, p } = PASSWORD_COST;
    expect(costOf(storedHash(OWNER_EMAIL))).toEqual(['scrypt', `${N}`, `${r}`, `${p}`]);
    const login = await host.app.request('/login', {
      method: 'POST',
      headers: { origin: TEST_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: OWNER_EMAIL, password: OWNER_PASSWORD }).toString(),
    });
    expect(login.status).toBe(303);
    expect(costOf(storedHash(OWNER_EMAIL))).toEqual(['scrypt', `${N}`, `${r}`, `${p}`]);

    // The tests' hosts are given a cheap cost, and use it.
    const cheap = await testHost();
    expect(await cheap.addUser({ role: 'member', email: 'member@example.com' })).toMatchObject({ email: 'member@example.com' });
    const cheapHash = cheap.sqlite.prepare('SELECT password_hash FROM users WHERE email = ?').pluck().get('member@example.com') as string;
    expect(costOf(cheapHash)).toEqual(['scrypt', `${TEST_PASSWORD_COST.N}`, `${TEST_PASSWORD_COST.r}`, `${TEST_PASSWORD_COST.p}`]);
  });

  it('keeps its data and key in DATA_DIR across restarts', async () => {
    const dataDir = join(tempDir(), 'data');
    const admin = { email: 'admin@example.com', token: 'automation-token-0123456789' };
    const first = await createHostApp({ dataDir, admin, plugin: false, logger: quiet, passwordCost: TEST_PASSWORD_COST });
    expect(first.owner?.generatedPassword).toBeDefined();
    const res = await first.app.request('/api/v1/servers', {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'm', ip: '10.0.0.1', privateKey: TEST_PRIVATE_KEY, swarmManager: true, swarmWorker: false }),
    });
    const body = (await res.json()) as { id: string };
    await first.close();

    expect(statSync(join(dataDir, 'panel.sqlite')).isFile()).toBe(true);
    expect(statSync(join(dataDir, 'host.key')).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);

    const second = await createHostApp({ dataDir, admin, plugin: false, logger: quiet, passwordCost: TEST_PASSWORD_COST });
    cleanups.push(() => second.close());
    expect(second.owner).toMatchObject({ created: false, generatedPassword: undefined });
    expect(await second.services.servers.privateKey({ serverId: body.id })).toBe(`${TEST_PRIVATE_KEY}\n`);
  });

  it('uses HOST_KEY from the environment over host.key', async () => {
    const dataDir = tempDir();
    const key = generateHostKey();
    const host = await createHostApp({ dataDir, env: { HOST_KEY: key.toString('base64') }, plugin: false, logger: quiet });
    cleanups.push(() => host.close());
    expect(() => statSync(join(dataDir, 'host.key'))).toThrow();
    const ciphertext = await host.services.crypto.encrypt({ plaintext: 'x' });
    const other = await createHostApp({ dataDir: ':memory:', hostKey: key, plugin: false, logger: quiet });
    cleanups.push(() => other.close());
    expect(await other.services.crypto.decrypt({ ciphertext })).toBe('x');
  });

  it('refuses a session write that also carries a bearer header, whatever the token', async () => {
    const host = await testHost();
    const browser = await host.login(OWNER_EMAIL, OWNER_PASSWORD);
    const server = { name: 'm', ip: '10.0.0.1', privateKey: TEST_PRIVATE_KEY };
    for (const authorization of ['Bearer forged', `Bearer ${OWNER_TOKEN}`]) {
      const res = await browser.request('/servers', { form: server, headers: { authorization } });
      expect(res.status).toBe(403);
    }
    expect((await host.api('GET', '/api/v1/servers')).body.data).toEqual([]);
    expect((await browser.request('/servers', { form: server, htmx: true })).status).toBe(200);
  });

  describe('request body limits', () => {
    /** A body of `total` bytes that is never materialised, with a count of what was read of it. */
    function streamedBody(total: number, chunk = 64 * 1024) {
      const counted = { read: 0 };
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (counted.read >= total) return controller.close();
          counted.read += chunk;
          controller.enqueue(new Uint8Array(chunk).fill(0x61));
        },
      });
      return { counted, init: { method: 'POST', body, duplex: 'half' } as RequestInit };
    }

    it('reads at most 16 KiB of a login form, and none of a page write without a valid session', async () => {
      const host = await testHost();
      const login = streamedBody(60 * 1024 * 1024);
      const res = await host.app.request('/login', {
        ...login.init,
        headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(res.status).toBe(413);
      // The stream pulls a chunk or two ahead of the reader: what matters is that 60 MiB were never read.
      expect(login.counted.read).toBeLessThanOrEqual(16 * 1024 + 2 * 64 * 1024);
      const declared = await host.app.request('/login', {
        method: 'POST',
        headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(60 * 1024 * 1024) },
        body: 'email=a',
      });
      expect(declared.status).toBe(413);

      const anonymous = streamedBody(60 * 1024 * 1024);
      const page = await host.app.request('/servers', {
        ...anonymous.init,
        // A made-up session cookie: the session is checked before a body is read for its _csrf field.
        headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded', cookie: 'panel_session=made-up' },
      });
      expect(page.status).toBe(302);
      expect(anonymous.counted.read).toBeLessThanOrEqual(2 * 64 * 1024);
    });

    it('answers 413 in the JSON error shape past 1 MiB on the API, and on pages too', async () => {
      const host = await testHost();
      const big = JSON.stringify({ name: 'x', serverId: 'y', command: 'a'.repeat(1024 * 1024) });
      const res = await host.api('POST', '/api/v1/applications', { body: big });
      expect(res.status).toBe(413);
      expect(res.body).toEqual({ error: { code: 'payload_too_large', message: 'request body too large: at most 1 MiB here' } });
      expect((await host.api('GET', '/api/v1/applications')).body.data).toEqual([]);
      const browser = await host.login(OWNER_EMAIL, OWNER_PASSWORD);
      const page = await browser.request('/servers', { form: { name: 'x'.repeat(1024 * 1024) }, htmx: true });
      expect(page.status).toBe(413);
    });

    it('takes up to 5 MiB on the swarm deploy form, which carries pasted compose YAML', async () => {
      const host = await createTestHost({ plugin: createClustersPlugin });
      cleanups.push(() => host.close());
      const browser = await host.login(OWNER_EMAIL, OWNER_PASSWORD);
      const server = await host.api('POST', '/api/v1/servers', { body: { name: 'm', ip: '10.0.0.1', privateKey: TEST_PRIVATE_KEY } });
      const app = await host.api('POST', '/api/v1/applications', { body: { name: 'web', serverId: server.body.id } });
      const yaml = (size: number) => `labels:\n  note: "${'x'.repeat(size)}"\n`;
      const url = `/clusters/applications/${app.body.uuid}/swarm/yaml`;
      const accepted = await browser.request(url, { form: { 'yaml.deploy': yaml(3 * 1024 * 1024) }, htmx: true });
      expect(accepted.status).toBe(200);
      const refused = await browser.request(url, { form: { 'yaml.deploy': yaml(6 * 1024 * 1024) }, htmx: true });
      expect(refused.status).toBe(413);
    });
  });

  it('gives tests an owner with a working token', async () => {
    const host = await testHost();
    expect((await host.api('GET', '/api/v1/me', { token: OWNER_TOKEN })).body.role).toBe('owner');
  });
});
