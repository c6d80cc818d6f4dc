import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BrowserSession, createTestHost, OWNER_EMAIL, OWNER_PASSWORD, TEST_PRIVATE_KEY, type TestHost } from '../../testing.ts';

const validForm = {
  name: 'manager-1',
  ip: '10.0.0.11',
  port: '22',
  user: 'root',
  privateKey: TEST_PRIVATE_KEY,
  swarmManager: 'on',
  dockerSocketPath: '/var/run/docker.sock',
};

describe('servers page', () => {
  let host: TestHost;
  let browser: BrowserSession;
  beforeEach(async () => {
    host = await createTestHost();
    browser = await host.login(OWNER_EMAIL, OWNER_PASSWORD);
  });
  afterEach(() => host.close());

  it('lists servers and shows the add form to managers', async () => {
    await host.api('POST', '/api/v1/servers', {
      body: { name: '<b>evil</b>', ip: '10.0.0.1', privateKey: TEST_PRIVATE_KEY, swarmManager: true, swarmWorker: false },
    });
    const html = await (await browser.request('/servers')).text();
    expect(html).toContain('&lt;b&gt;evil&lt;/b&gt;');
    expect(html).not.toContain('<b>evil</b>');
    expect(html).toContain('<code>10.0.0.1:22</code>');
    expect(html).toContain('id="server-form"');
    expect(html).toContain(`name="_csrf" value="${browser.csrf}"`);
    expect(html).not.toContain('OPENSSH');
  });

  it('adds a server from the form (plain POST, then redirect)', async () => {
    const res = await browser.request('/servers', { form: { ...validForm, _csrf: browser.csrf } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/servers');
    const [server] = await host.services.servers.listForTeam({ teamId: host.ownerTeamId });
    expect(server).toMatchObject({ name: 'manager-1', swarmManager: true, swarmWorker: false });
  });

  it('shows field errors beside the fields and keeps the values, but not the key', async () => {
    const res = await browser.request('/servers', {
      form: { ...validForm, ip: 'bad ip!', port: '99999', _csrf: browser.csrf },
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<!DOCTYPE html>');
    expect(html).toMatch(
      /<div class="field invalid"><label for="ip">[\s\S]*?<span class="error" id="ip-error" role="alert">must be an IP address or host name<\/span>/,
    );
    expect(html).toMatch(/id="port-error" role="alert">/);
    expect(html).toContain('value="manager-1"');
    expect(html).not.toContain('OPENSSH');
    expect(await host.services.servers.listForTeam({ teamId: host.ownerTeamId })).toEqual([]);
  });

  it('answers htmx with the form fragment or HX-Redirect', async () => {
    const bad = await browser.request('/servers', { form: { ...validForm, name: '' }, htmx: true });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('vary')).toContain('HX-Request');
    const fragment = await bad.text();
    expect(fragment).toMatch(/^<form id="server-form"/);
    expect(fragment).toContain('id="name-error"');

    const good = await browser.request('/servers', { form: validForm, htmx: true });
    expect(good.status).toBe(200);
    expect(good.headers.get('HX-Redirect')).toBe('/servers');
  });

  it('refuses a cross-origin form post', async () => {
    const res = await host.app.request('/servers', {
      method: 'POST',
      headers: { cookie: browser.cookie, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...validForm, _csrf: browser.csrf }).toString(),
    });
    expect(res.status).toBe(403);
    expect(await host.services.servers.listForTeam({ teamId: host.ownerTeamId })).toEqual([]);
  });

  it('refuses a same-origin post without the CSRF token', async () => {
    const res = await browser.request('/servers', { form: validForm });
    expect(res.status).toBe(403);
    expect(await host.services.servers.listForTeam({ teamId: host.ownerTeamId })).toEqual([]);
  });

  it('does not let members add servers', async () => {
    const member = await host.addUser({ role: 'member' });
    const session = await host.login(member.email, member.password);
    expect(await (await session.request('/servers')).text()).not.toContain('id="server-form"');
    const res = await session.request('/servers', { form: { ...validForm, _csrf: session.csrf } });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('only an owner or admin may add servers');
  });
});
