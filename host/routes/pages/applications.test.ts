import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BrowserSession, createTestHost, OWNER_EMAIL, OWNER_PASSWORD, TEST_PRIVATE_KEY, type TestHost } from '../../testing.ts';

describe('applications pages', () => {
  let host: TestHost;
  let browser: BrowserSession;
  let serverId: string;
  beforeEach(async () => {
    host = await createTestHost();
    browser = await host.login(OWNER_EMAIL, OWNER_PASSWORD);
    const server = await host.api('POST', '/api/v1/servers', {
      body: { name: 'm1', ip: '10.0.0.1', privateKey: TEST_PRIVATE_KEY, swarmManager: true, swarmWorker: false },
    });
    serverId = server.body.id;
  });
  afterEach(() => host.close());

  it('adds an application from the form and opens its page', async () => {
    const res = await browser.request('/applications', { form: { name: 'web', serverId, _csrf: browser.csrf } });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/applications\/[0-9a-f-]{36}$/);
    const page = await (await browser.request(location)).text();
    expect(page).toContain('<h1>web</h1>');
    expect(page).toContain('m1 (10.0.0.1)');
    expect(page).toContain('id="swarm-tasks"');
    expect(page).toContain('Swarm tasks: no swarm plugin is installed.');
    expect(page).toContain('id="swarm-deploy"');
    expect(page).toContain('aria-current="page"');
    const list = await (await browser.request('/applications')).text();
    expect(list).toContain(`href="${location}"`);
    expect(list).toContain('id="application-form"');
  });

  it('shows an error beside the server field for a server of another team', async () => {
    const res = await browser.request('/applications', { form: { name: 'web', serverId: 'nope', _csrf: browser.csrf }, htmx: true });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('no such server in your team');
  });

  it('embeds the plugin widget raw and survives a failing one', async () => {
    const { body } = await host.api('POST', '/api/v1/applications', { body: { name: 'web', serverId } });
    host.extensions.applicationWidgets.push(
      { render: async ({ applicationUuid }) => `<div class="widget">tasks of ${applicationUuid}</div>` },
      { render: async () => Promise.reject(new Error('docker down')) },
    );
    const page = await (await browser.request(`/applications/${body.uuid}`)).text();
    expect(page).toContain(`<div class="widget">tasks of ${body.uuid}</div>`);
    expect(page).toContain('Swarm tasks are unavailable right now.');
  });

  it('puts the plugin deploy form in the deploy section instead of the placeholder', async () => {
    const { body } = await host.api('POST', '/api/v1/applications', { body: { name: 'web', serverId } });
    const plain = await (await browser.request(`/applications/${body.uuid}`)).text();
    expect(plain).toContain('The swarm deploy settings form of this application goes here.');
    expect(plain).toContain('<code>lab/busybox:latest</code> <code>sleep 3600</code>');
    host.extensions.applicationDeployForms.push({ render: async ({ applicationUuid }) => `<form class="deploy">form of ${applicationUuid}</form>` });
    const page = await (await browser.request(`/applications/${body.uuid}`)).text();
    expect(page).toContain(`<form class="deploy">form of ${body.uuid}</form>`);
    expect(page).not.toContain('goes here');
    host.extensions.applicationDeployForms.splice(0, 1, { render: async () => Promise.reject(new Error('boom')) });
    expect(await (await browser.request(`/applications/${body.uuid}`)).text()).toContain('The swarm deploy form is unavailable right now.');
  });

  it('keeps viewers from adding applications', async () => {
    const viewer = await host.addUser({ role: 'viewer' });
    const session = await host.login(viewer.email, viewer.password);
    expect(await (await session.request('/applications')).text()).not.toContain('id="application-form"');
    const res = await session.request('/applications', { form: { name: 'web', serverId, _csrf: session.csrf } });
    expect(res.status).toBe(403);
  });

  it('is a 404 for another team’s application', async () => {
    const { body } = await host.api('POST', '/api/v1/applications', { body: { name: 'web', serverId } });
    const other = await host.addTeam('Other');
    const session = await host.login(other.email, other.password);
    const res = await session.request(`/applications/${body.uuid}`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('web');
  });
});
