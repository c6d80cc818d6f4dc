import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SidebarEntry } from '../../src/contract/plugin.ts';
import { CSRF_HEADER } from '../auth/csrf.ts';
import { type BrowserSession, createTestHost, OWNER_EMAIL, OWNER_PASSWORD, TEST_ORIGIN, type TestHost } from '../testing.ts';

const entry = (visible: SidebarEntry['visible'], id = 'clusters'): SidebarEntry => ({
  id,
  label: 'Clusters',
  href: '/clusters',
  icon: 'cluster',
  visible,
});

describe('layout.render', () => {
  let host: TestHost;
  let browser: BrowserSession;
  beforeEach(async () => {
    host = await createTestHost();
    browser = await host.login(OWNER_EMAIL, OWNER_PASSWORD);
  });
  afterEach(() => host.close());

  const render = (active?: string, body = '<p id="plugin-body">hi &amp; bye</p>') =>
    host.services.layout.render({
      title: 'Clusters',
      body,
      active,
      request: new Request(`${TEST_ORIGIN}/clusters`, { headers: { cookie: browser.cookie } }),
    });

  it('wraps the body raw in the chrome: top bar, sidebar, main', async () => {
    const html = await render('clusters');
    expect(html).toMatch(/^<!DOCTYPE html><html lang="en">/);
    expect(html).toContain('<title>Clusters · Panel</title>');
    expect(html).toContain('<main id="main"><p id="plugin-body">hi &amp; bye</p></main>');
    expect(html).toContain('<span class="team">Default</span>');
    expect(html).toContain(OWNER_EMAIL);
    expect(html).toContain('action="/logout"');
    for (const label of ['Dashboard', 'Servers', 'Applications', 'Notifications']) expect(html).toContain(label);
  });

  it('loads htmx, alpine (when a component is in the page), the CSS and the icon locally and configures htmx', async () => {
    const html = await render();
    // htmx and the Alpine loader are one script (host/assets.ts).
    expect(html).toMatch(/<script src="\/assets\/host\.js\?v=\w+" data-alpine-src="\/assets\/alpine\.min\.js\?v=\w+" defer=""><\/script>/);
    expect(html).toMatch(/<link rel="stylesheet" href="\/assets\/host\.css\?v=\w+"\/>/);
    // Named, so browsers do not ask for /favicon.ico: a 404 in the console of every first page.
    expect(html).toMatch(/<link rel="icon" href="\/assets\/favicon\.svg\?v=\w+" type="image\/svg\+xml"\/>/);
    const config = /<meta name="htmx-config" content="([^"]+)"/.exec(html)![1]!.replaceAll('&quot;', '"');
    expect(JSON.parse(config)).toMatchObject({ historyCacheSize: 0, selfRequestsOnly: true });
    expect(html).not.toMatch(/https?:\/\/(unpkg|cdn)/);
  });

  it("puts a page's head (contract 1.4) at the end of the head, after the panel's own, raw", async () => {
    const head = '<link rel="stylesheet" href="/clusters/assets/clusters.css?v=1"/><script src="/clusters/assets/p.js" defer=""></script>';
    const html = await host.services.layout.render({ title: 'x', body: 'b', head, request: new Request(`${TEST_ORIGIN}/`) });
    expect(html).toMatch(
      /<script src="\/assets\/host\.js[^>]*><\/script><link rel="stylesheet" href="\/clusters\/assets\/clusters\.css\?v=1"\/><script src="\/clusters\/assets\/p\.js" defer=""><\/script><\/head>/,
    );
    expect(await render()).toMatch(/defer=""><\/script><\/head>/);
  });

  it('puts the session CSRF token on <body> for htmx', async () => {
    const html = await render();
    const headers = /<body hx-headers="([^"]+)"/.exec(html)![1]!.replaceAll('&quot;', '"');
    expect(JSON.parse(headers)).toEqual({ [CSRF_HEADER]: browser.csrf });
  });

  it('shows a plugin entry only when it says so, highlighted when active', async () => {
    host.extensions.sidebar.push(entry(async ({ principal }) => principal.role === 'owner'));
    expect(await render('clusters')).toContain('<a href="/clusters" aria-current="page"><span class="icon" aria-hidden="true">⬡</span>Clusters</a>');

    const viewer = await host.addUser({ role: 'viewer' });
    const session = await host.login(viewer.email, viewer.password);
    const html = await host.services.layout.render({
      title: 'x',
      body: '',
      request: new Request(`${TEST_ORIGIN}/`, { headers: { cookie: session.cookie } }),
    });
    expect(html).not.toContain('href="/clusters"');
  });

  it('hides an entry whose visibility check fails instead of failing the page', async () => {
    host.extensions.sidebar.push(entry(async () => Promise.reject(new Error('db locked'))));
    expect(await render()).not.toContain('href="/clusters"');
  });

  it('renders without chrome links for a request without principal', async () => {
    const html = await host.services.layout.render({ title: 'x', body: 'b', request: new Request(`${TEST_ORIGIN}/`) });
    expect(html).toContain('<main id="main">b</main>');
    expect(html).not.toContain('href="/servers"');
    expect(html).not.toContain('/logout');
  });
});
