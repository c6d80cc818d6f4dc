import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestHost, OWNER_EMAIL, OWNER_PASSWORD, TEST_ORIGIN, TEST_PRIVATE_KEY, type TestHost } from './testing.ts';

describe('HostServices', () => {
  let host: TestHost;
  beforeEach(async () => {
    host = await createTestHost();
  });
  afterEach(() => host.close());

  async function addServer() {
    const res = await host.api('POST', '/api/v1/servers', {
      body: { name: 'm1', ip: '10.0.0.1', port: 2222, user: 'deploy', privateKey: TEST_PRIVATE_KEY, swarmManager: true, swarmWorker: true },
    });
    return res.body.id as string;
  }

  it('lists and gets servers of a team only, and decrypts the key on request', async () => {
    const serverId = await addServer();
    const other = await host.addTeam('Other');
    const { servers } = host.services;
    expect(await servers.listForTeam({ teamId: host.ownerTeamId })).toEqual([
      {
        id: serverId,
        teamId: host.ownerTeamId,
        name: 'm1',
        ip: '10.0.0.1',
        port: 2222,
        user: 'deploy',
        transport: 'ssh',
        swarmManager: true,
        swarmWorker: true,
        dockerSocketPath: '/var/run/docker.sock',
      },
    ]);
    expect(await servers.get({ teamId: other.teamId, serverId })).toBeNull();
    expect(await servers.listForTeam({ teamId: other.teamId })).toEqual([]);
    expect(await servers.privateKey({ serverId })).toContain('BEGIN OPENSSH PRIVATE KEY');
    await expect(servers.privateKey({ serverId: 'missing' })).rejects.toThrow('server not found');
  });

  it('resolves principals from a session cookie or a bearer token on a plain Request', async () => {
    const browser = await host.login(OWNER_EMAIL, OWNER_PASSWORD);
    const viaCookie = await host.services.auth.principal({
      request: new Request(`${TEST_ORIGIN}/clusters`, { headers: { cookie: browser.cookie } }),
    });
    expect(viaCookie).toMatchObject({ email: OWNER_EMAIL, role: 'owner', via: 'session', abilities: ['read', 'write'] });

    const reader = await host.addUser({ role: 'admin', abilities: ['read'] });
    const viaToken = await host.services.auth.principal({
      request: new Request(`${TEST_ORIGIN}/api/v1/clusters`, { headers: { authorization: `Bearer ${reader.token}` } }),
    });
    expect(viaToken).toMatchObject({ userId: reader.id, role: 'admin', via: 'token', abilities: ['read'] });
    expect(await host.services.auth.authorize({ principal: viaToken!, action: 'cluster.view', teamId: host.ownerTeamId })).toBe(true);
    expect(await host.services.auth.authorize({ principal: viaToken!, action: 'cluster.create', teamId: host.ownerTeamId })).toBe(false);
    expect(await host.services.auth.principal({ request: new Request(`${TEST_ORIGIN}/`) })).toBeNull();
  });

  it('encrypts with the host key', async () => {
    const ciphertext = await host.services.crypto.encrypt({ plaintext: 'SWMTKN-1-secret' });
    expect(ciphertext).not.toContain('SWMTKN');
    expect(await host.services.crypto.decrypt({ ciphertext })).toBe('SWMTKN-1-secret');
  });

  it('reads applications and saves their swarm settings', async () => {
    const serverId = await addServer();
    const { body } = await host.api('POST', '/api/v1/applications', { body: { name: 'web', serverId } });
    const { applications } = host.services;
    expect(await applications.listForTeam({ teamId: host.ownerTeamId })).toHaveLength(1);
    await applications.saveSwarmSettings({ teamId: host.ownerTeamId, uuid: body.uuid, settings: { replicas: 2 } });
    expect(await applications.get({ teamId: host.ownerTeamId, uuid: body.uuid })).toMatchObject({ swarmSettings: { replicas: 2 } });
    const other = await host.addTeam('Other');
    expect(await applications.get({ teamId: other.teamId, uuid: body.uuid })).toBeNull();
    await expect(applications.saveSwarmSettings({ teamId: other.teamId, uuid: body.uuid, settings: {} })).rejects.toThrow();
  });

  it('hands out the SQLite handle the plugin keeps its tables in', () => {
    const { sqlite } = host.services.database;
    expect(sqlite).toBe(host.sqlite);
    expect(sqlite.prepare('SELECT 1').pluck().get()).toBe(1);
  });

  it('notifies into the inbox', async () => {
    await host.services.notifications.notify({
      teamId: host.ownerTeamId,
      notification: { event: 'cluster.degraded', level: 'warning', title: 'Degraded', message: 'm' },
    });
    expect((await host.api('GET', '/api/v1/notifications')).body.data).toHaveLength(1);
  });
});
