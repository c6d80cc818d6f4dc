import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createClustersPlugin, HostContractError } from '../src/index.ts';
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
    expect(plugin.manifest.contractVersion).toBe('1.2.0');
    expect(plugin.jobs.map((j) => j.name)).toEqual(['cluster-sync', 'event-retention']);
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
      /contract version 2.0.0 is not compatible with 1.2.0/,
    );
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
