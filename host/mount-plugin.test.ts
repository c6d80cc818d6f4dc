import { Hono } from 'hono';
import cron from 'node-cron';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostInfo } from '../src/contract/host.ts';
import type { ClustersPlugin } from '../src/contract/plugin.ts';
import type { ClustersPluginFactory } from './mount-plugin.ts';
import { createTestHost, OWNER_EMAIL, OWNER_PASSWORD, type TestHost } from './testing.ts';

/** A minimal plugin honouring the contract, to check the host's side of the mounting. */
function fakePlugin(over: Partial<ClustersPlugin> = {}) {
  const calls = { info: null as HostInfo | null, migrated: 0, jobRuns: 0, stopped: 0 };
  const factory: ClustersPluginFactory = ({ host, info }) => {
    calls.info = info;
    const web = new Hono();
    web.get('/', async (c) => c.html(await host.layout.render({ title: 'Clusters', body: '<h1>Clusters</h1>', request: c.req.raw, active: 'clusters' })));
    const api = new Hono();
    api.all('/', async (c) => {
      const principal = await host.auth.principal({ request: c.req.raw });
      return c.json({ method: c.req.method, email: principal?.email });
    });
    return {
      manifest: {
        id: 'fake',
        version: '0.0.1',
        contractVersion: info.contractVersion,
        entry: 'x',
        mounts: { ...info.mounts, assets: `${info.mounts.web}/assets` },
        sidebar: { id: 'clusters', label: 'Clusters', href: info.mounts.web, icon: 'cluster' },
        jobs: [],
        settings: {},
        permissions: [],
      },
      web,
      api,
      sidebar: { id: 'clusters', label: 'Clusters', href: info.mounts.web, icon: 'cluster', visible: async () => true },
      widget: { render: async ({ applicationUuid }) => `<p class="fake-widget">${applicationUuid}</p>` },
      migrate() {
        calls.migrated++;
        host.database.sqlite.exec('CREATE TABLE IF NOT EXISTS fake_clusters (id TEXT PRIMARY KEY)');
      },
      jobs: [{ name: 'tick', schedule: '* * * * * *', run: async () => void calls.jobRuns++ }],
      start: async () => {},
      stop: async () => void calls.stopped++,
      ...over,
    };
  };
  return { factory, calls };
}

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('mounting the plugin', () => {
  let host: TestHost | undefined;
  afterEach(async () => {
    await host?.close();
    host = undefined;
  });

  it('passes the host info, migrates, and routes web and API', async () => {
    const { factory, calls } = fakePlugin();
    host = await createTestHost({ plugin: factory });
    expect(calls.info).toEqual({ name: 'reference-host', contractVersion: '1.4.0', mounts: { web: '/clusters', api: '/api/v1/clusters' } });
    expect(calls.migrated).toBe(1);
    expect(host.sqlite.prepare("SELECT name FROM sqlite_master WHERE name = 'fake_clusters'").get()).toBeTruthy();
    expect(host.plugin?.manifest.id).toBe('fake');

    const browser = await host.login(OWNER_EMAIL, OWNER_PASSWORD);
    const page = await (await browser.request('/clusters')).text();
    expect(page).toContain('<main id="main"><h1>Clusters</h1></main>');
    expect(page).toContain('<a href="/clusters" aria-current="page">');

    const api = await host.api('GET', '/api/v1/clusters');
    expect(api.body).toEqual({ method: 'GET', email: OWNER_EMAIL });
  });

  it('guards the plugin routes: session for pages, bearer for the API', async () => {
    host = await createTestHost({ plugin: fakePlugin().factory });
    expect((await host.app.request('/clusters')).headers.get('location')).toBe('/login?next=%2Fclusters');
    expect((await host.app.request('/api/v1/clusters')).status).toBe(401);
    // Abilities on the plugin's own API are the plugin's to check (auth.authorize), not the host's.
    const reader = await host.addUser({ role: 'viewer', abilities: ['read'] });
    expect(await host.api('POST', '/api/v1/clusters', { token: reader.token, body: {} })).toMatchObject({
      status: 200,
      body: { method: 'POST' },
    });
  });

  it('embeds the widget in the application page', async () => {
    host = await createTestHost({ plugin: fakePlugin().factory });
    const server = await host.api('POST', '/api/v1/servers', {
      body: {
        name: 'm',
        ip: '10.0.0.1',
        privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nx\n-----END OPENSSH PRIVATE KEY-----',
        swarmManager: true,
        swarmWorker: false,
      },
    });
    const app = await host.api('POST', '/api/v1/applications', { body: { name: 'web', serverId: server.body.id } });
    const browser = await host.login(OWNER_EMAIL, OWNER_PASSWORD);
    const page = await (await browser.request(`/applications/${app.body.uuid}`)).text();
    expect(page).toContain(`<p class="fake-widget">${app.body.uuid}</p>`);
  });

  it('runs the jobs on their schedule and stops them and the plugin on close', async () => {
    const { factory, calls } = fakePlugin();
    host = await createTestHost({ plugin: factory });
    expect([...cron.getTasks().values()].some((task) => task.name === 'fake:tick')).toBe(true);
    await until(() => calls.jobRuns > 0);
    await host.close();
    host = undefined;
    expect(calls.stopped).toBe(1);
    expect([...cron.getTasks().values()].some((task) => task.name === 'fake:tick')).toBe(false);
  });

  it('fails at mount time, naming the problem', async () => {
    const incompatible = fakePlugin();
    const wrap: ClustersPluginFactory = (opts) => {
      const plugin = incompatible.factory(opts);
      return { ...plugin, manifest: { ...plugin.manifest, contractVersion: '2.0.0' } };
    };
    await expect(createTestHost({ plugin: wrap })).rejects.toThrow('plugin fake needs host contract 2.0.0, this host implements 1.4.0');

    const badJob = fakePlugin({ jobs: [{ name: 'sync', schedule: 'every minute', run: async () => {} }] });
    await expect(createTestHost({ plugin: badJob.factory })).rejects.toThrow('plugin job sync has an invalid schedule');

    // The plugin's own contract check throws from its factory; the host lets that through.
    const refusing: ClustersPluginFactory = () => {
      throw new Error('host service missing: notifications.notify');
    };
    await expect(createTestHost({ plugin: refusing })).rejects.toThrow('host service missing: notifications.notify');
  });
});
