import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { contractGaps, createClustersPlugin, HostContractError } from '../src/index.ts';
import { createMinimalHost } from './support/minimal-host.ts';

describe('host contract', () => {
  it('mounts on a second, minimal host that only implements the contract', async () => {
    const host = createMinimalHost();
    const plugin = createClustersPlugin({ host: host.services, info: host.info });
    plugin.migrate();
    const app = new Hono().route(host.info.mounts.api, plugin.api);
    const token = host.token({ teamId: 't1', role: 'viewer' });
    const res = await app.request('/api/c', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: [] });
    expect(plugin.manifest.contractVersion).toBe('1.4.0');
    expect(plugin.jobs.map((j) => j.name)).toEqual(['cluster-sync', 'event-retention', 'notification-retention']);
    await plugin.stop();
  });

  it('names every missing service at mount time', () => {
    const host = createMinimalHost();
    const { crypto: _crypto, ...withoutCrypto } = host.services;
    const broken = { ...withoutCrypto, servers: { listForTeam: host.services.servers.listForTeam } };
    let error: unknown;
    try {
      createClustersPlugin({ host: broken as never, info: host.info });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HostContractError);
    expect((error as Error).message).toContain('servers.get');
    expect((error as Error).message).toContain('servers.privateKey');
    expect((error as Error).message).toContain('crypto');
  });

  it('refuses an incompatible contract version', () => {
    const host = createMinimalHost();
    expect(() => createClustersPlugin({ host: host.services, info: { ...host.info, contractVersion: '2.0.0' } })).toThrow(
      /contract version 2.0.0 is not compatible with 1.4.0/,
    );
    expect(() => createClustersPlugin({ host: host.services, info: { ...host.info, contractVersion: 'latest' } })).toThrow(/contract version latest/);
  });

  it('mounts on a host of an older minor, and names at mount what that host goes without', async () => {
    const host = createMinimalHost();
    const warnings: string[] = [];
    const logger = { ...host.services.logger, warn: (msg: string) => void warnings.push(msg) };
    const plugin = createClustersPlugin({ host: { ...host.services, logger }, info: { ...host.info, contractVersion: '1.2.0' } });
    plugin.migrate();
    const token = host.token({ teamId: 't1', role: 'viewer' });
    expect((await plugin.api.request('/', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("host contract 1.2.0 is older than the plugin's 1.4.0; the host goes without what later versions added (1.3: ");
    expect(warnings[0]).toContain("HostServer.transport 'local'");
    expect(warnings[0]).toContain("auth.authorize receives the cluster's servers");
    expect(warnings[0]).toContain('applications.deploySwarm');
    expect(warnings[0]).not.toContain('HostApplication.image');
    expect(warnings[0]).toContain("1.4: the layout puts a page's stylesheets and scripts in the document's head");
    expect(contractGaps('1.0.0')).toHaveLength(4);
    expect(contractGaps('1.4.0')).toEqual([]);
    await plugin.stop();
  });

  it("gives a page's stylesheet and scripts to the layout's head, or to a host of 1.3 at the start of the body", async () => {
    const pageOn = async (contractVersion: string) => {
      const host = createMinimalHost();
      const plugin = createClustersPlugin({ host: host.services, info: { ...host.info, contractVersion } });
      plugin.migrate();
      const res = await plugin.web.request('/', { headers: { authorization: `Bearer ${host.token({ teamId: 't1', role: 'viewer' })}` } });
      await plugin.stop();
      expect(res.status).toBe(200);
      return res.text();
    };
    const stylesheet = /<link rel="stylesheet" href="\/c\/assets\/clusters\.css\?v=\w+"\/>/;
    const current = await pageOn('1.4.0');
    expect(current).toMatch(new RegExp(`</title>${stylesheet.source}<main>`));
    const older = await pageOn('1.3.0');
    expect(older).toMatch(new RegExp(`</title><main>${stylesheet.source}<div class="clusters`));
  });

  it('names an optional member given as something else than a function', () => {
    const host = createMinimalHost();
    const applications = { ...host.services.applications, deploySwarm: 'yes' };
    expect(() => createClustersPlugin({ host: { ...host.services, applications } as never, info: host.info })).toThrow(
      /applications.deploySwarm is given but is not a function/,
    );
  });

  it('leaves out the deploy form and its routes for a host that has its own', async () => {
    const host = createMinimalHost();
    const withForm = createClustersPlugin({ host: host.services, info: host.info });
    const plugin = createClustersPlugin({ host: host.services, info: host.info, settings: { applications: { deployForm: false } } });
    expect(withForm.deployForm).toBeDefined();
    expect(plugin.deployForm).toBeUndefined();
    plugin.migrate();
    const token = host.token({ teamId: 't1', role: 'owner' });
    const headers = { authorization: `Bearer ${token}` };
    // With the form, an unknown application is the plugin's not-found page; without, there is no route at all.
    const known = await withForm.web.request('/applications/a1/swarm', { headers });
    expect(known.status).toBe(404);
    expect(await known.text()).toContain('Nothing here');
    const res = await plugin.web.request('/applications/a1/swarm', { headers });
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('404 Not Found');
    await Promise.all([plugin.stop(), withForm.stop()]);
  });

  it('gives the pages of a cluster on servers the host keeps the member from a 404, as another team’s', async () => {
    const host = createMinimalHost();
    const plugin = createClustersPlugin({ host: host.services, info: host.info });
    plugin.migrate();
    const manager = host.addServer({
      teamId: 't1',
      name: 'm1',
      ip: '192.0.2.1',
      port: 22,
      user: 'root',
      privateKey: 'x',
      swarmManager: true,
      swarmWorker: false,
    });
    host.sqlite
      .prepare("insert into clusters (uuid, team_id, name, manager_server_id, swarm_id, status) values ('c-1', 't1', 'prod', ?, 's1', 'healthy')")
      .run(manager.id);
    const page = (servers: string[]) =>
      plugin.web.request('/c-1/settings', { headers: { authorization: `Bearer ${host.token({ teamId: 't1', role: 'owner', servers })}` } });
    expect((await page(['another-server'])).status).toBe(404);
    expect((await page([manager.id])).status).toBe(200);
    await plugin.stop();
  });

  it('migrates idempotently into its own tables, next to the host migrations table', () => {
    const host = createMinimalHost();
    const plugin = createClustersPlugin({ host: host.services, info: host.info });
    plugin.migrate();
    plugin.migrate();
    const tables = host.sqlite
      .prepare("select name from sqlite_master where type = 'table' order by name")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(['clusters', 'cluster_events', 'cluster_servers', 'ssh_host_keys', '__clusters_plugin_migrations']));
  });

  it('shows the sidebar entry to admins of a team with no cluster, not to viewers', async () => {
    const host = createMinimalHost();
    const plugin = createClustersPlugin({ host: host.services, info: host.info });
    plugin.migrate();
    const principal = (role: 'admin' | 'viewer') => ({
      userId: 'u',
      teamId: 't',
      role,
      email: 'e',
      abilities: ['read', 'write'] as const,
      via: 'session' as const,
    });
    expect(await plugin.sidebar.visible({ principal: { ...principal('admin'), abilities: ['read', 'write'] } })).toBe(true);
    expect(await plugin.sidebar.visible({ principal: { ...principal('viewer'), abilities: ['read'] } })).toBe(false);
  });
});
