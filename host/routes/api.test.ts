import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestHost, OWNER_EMAIL, TEST_PRIVATE_KEY, type TestHost } from '../testing.ts';

const serverBody = (over: Record<string, unknown> = {}) => ({
  name: 'manager-1',
  ip: '10.0.0.11',
  port: 22,
  user: 'root',
  privateKey: TEST_PRIVATE_KEY,
  swarmManager: true,
  swarmWorker: false,
  ...over,
});

const count = (host: TestHost, table: string) => host.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get();

describe('admin API /api/v1', () => {
  let host: TestHost;
  beforeEach(async () => {
    host = await createTestHost();
  });
  afterEach(() => host.close());

  it('needs a bearer token', async () => {
    const res = await host.app.request('/api/v1/servers');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'missing bearer token' } });
    expect((await host.api('GET', '/api/v1/servers', { token: 'hp_wrong' })).status).toBe(401);
  });

  it('tells the caller who it is', async () => {
    const me = await host.api('GET', '/api/v1/me');
    expect(me.body).toEqual({
      userId: host.owner!.userId,
      teamId: host.ownerTeamId,
      role: 'owner',
      email: OWNER_EMAIL,
      abilities: ['read', 'write'],
    });
  });

  it('creates teams, users and tokens that work right away', async () => {
    const team = await host.api('POST', '/api/v1/teams', { body: { name: 'Ops' } });
    expect(team).toEqual({ status: 201, body: { id: expect.any(String) } });
    const user = await host.api('POST', '/api/v1/users', {
      body: { email: 'ops@example.com', password: 'ops-password', teamId: team.body.id, role: 'admin' },
    });
    expect(user.status).toBe(201);
    const token = await host.api('POST', '/api/v1/tokens', { body: { userId: user.body.id, abilities: ['read', 'write'] } });
    expect(token.status).toBe(201);
    expect(token.body.token).toMatch(/^hp_/);
    const me = await host.api('GET', '/api/v1/me', { token: token.body.token });
    expect(me.body).toMatchObject({ teamId: team.body.id, role: 'admin', email: 'ops@example.com' });
    // The new team's admin now manages its own members.
    const member = await host.api('POST', '/api/v1/users', {
      token: token.body.token,
      body: { email: 'dev@example.com', password: 'dev-password', role: 'member' },
    });
    expect(member.status).toBe(201);
  });

  describe('roles and abilities', () => {
    it('refuses every write with a read token (403, nothing written)', async () => {
      const reader = await host.addUser({ role: 'owner', abilities: ['read'] });
      const before = count(host, 'servers');
      for (const [path, body] of [
        ['/api/v1/teams', { name: 'X' }],
        ['/api/v1/servers', serverBody()],
        ['/api/v1/users', { email: 'x@example.com', password: 'password-1', role: 'viewer' }],
        ['/api/v1/notification-channels', { url: 'http://127.0.0.1:1/x' }],
      ] as const) {
        const res = await host.api('POST', path, { token: reader.token, body });
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('forbidden');
        expect(res.body.error.message).toContain('read ability only');
      }
      expect(count(host, 'servers')).toBe(before);
      expect((await host.api('GET', '/api/v1/servers', { token: reader.token })).status).toBe(200);
    });

    it('gives a reason for role refusals', async () => {
      const admin = await host.addUser({ role: 'admin' });
      const member = await host.addUser({ role: 'member' });
      const viewer = await host.addUser({ role: 'viewer' });
      const cases = [
        [admin, '/api/v1/teams', { name: 'X' }, 'only an owner may create teams'],
        [admin, '/api/v1/users', { email: 'o@example.com', password: 'password-1', role: 'owner' }, 'only an owner may grant the owner role'],
        [admin, '/api/v1/tokens', { userId: host.owner!.userId, abilities: ['read'] }, 'only an owner may create tokens for an owner'],
        [member, '/api/v1/users', { email: 'm@example.com', password: 'password-1', role: 'viewer' }, 'only an owner or admin may manage members'],
        [member, '/api/v1/servers', serverBody(), 'only an owner or admin may add servers'],
        [viewer, '/api/v1/applications', { name: 'a', serverId: 'x' }, 'viewers are read-only'],
      ] as const;
      for (const [user, path, body, reason] of cases) {
        const res = await host.api('POST', path, { token: user.token, body });
        expect(res, path).toMatchObject({ status: 403, body: { error: { code: 'forbidden', message: reason } } });
      }
      expect(count(host, 'teams')).toBe(1);
    });

    it('lets an admin create users below owner in its team', async () => {
      const admin = await host.addUser({ role: 'admin' });
      const res = await host.api('POST', '/api/v1/users', {
        token: admin.token,
        body: { email: 'new@example.com', password: 'password-1', role: 'member' },
      });
      expect(res.status).toBe(201);
    });
  });

  describe('API tokens', () => {
    it('lists tokens without their values, revokes them, and a revoked token stops working at once', async () => {
      const member = await host.addUser({ role: 'member' });
      const minted = await host.api('POST', '/api/v1/tokens', { body: { userId: member.id, abilities: ['read'], name: 'CI deploys' } });
      expect(minted.status).toBe(201);

      const listed = await host.api('GET', '/api/v1/tokens');
      const row = listed.body.data.find((t: { id: string }) => t.id === minted.body.id);
      expect(row).toEqual({
        id: minted.body.id,
        userId: member.id,
        email: member.email,
        name: 'CI deploys',
        abilities: ['read'],
        createdAt: expect.any(String),
        lastUsedAt: null,
        expiresAt: null,
      });
      expect(JSON.stringify(listed.body)).not.toContain(minted.body.token);
      expect(JSON.stringify(listed.body)).not.toMatch(/hash/i);
      // A member sees only its own tokens.
      const own = await host.api('GET', '/api/v1/tokens', { token: member.token });
      expect(new Set(own.body.data.map((t: { userId: string }) => t.userId))).toEqual(new Set([member.id]));

      expect((await host.api('GET', '/api/v1/me', { token: minted.body.token })).status).toBe(200);
      expect((await host.api('DELETE', `/api/v1/tokens/${minted.body.id}`)).status).toBe(204);
      expect((await host.api('GET', '/api/v1/me', { token: minted.body.token })).status).toBe(401);
      expect((await host.api('DELETE', `/api/v1/tokens/${minted.body.id}`)).status).toBe(404);
    });

    it('lets a user revoke its own token, not a teammate’s unless an owner or admin, nor another team’s', async () => {
      const member = await host.addUser({ role: 'member' });
      const admin = await host.addUser({ role: 'admin' });
      const other = await host.addTeam('Other');
      const tokenId = (user: { id: string }) =>
        host.api('GET', '/api/v1/tokens').then((r) => r.body.data.find((t: { userId: string }) => t.userId === user.id).id);
      const ownerTokenId = (await host.api('GET', '/api/v1/tokens')).body.data.find((t: { userId: string }) => t.userId === host.owner!.userId).id;

      expect((await host.api('DELETE', `/api/v1/tokens/${await tokenId(admin)}`, { token: member.token })).status).toBe(403);
      expect((await host.api('DELETE', `/api/v1/tokens/${ownerTokenId}`, { token: admin.token })).body.error.message).toBe(
        'only an owner may revoke an owner’s tokens',
      );
      expect((await host.api('DELETE', `/api/v1/tokens/${ownerTokenId}`, { token: other.token })).status).toBe(404);
      const readOnly = await host.addUser({ role: 'admin', abilities: ['read'] });
      expect((await host.api('DELETE', `/api/v1/tokens/${await tokenId(member)}`, { token: readOnly.token })).status).toBe(403);
      expect((await host.api('DELETE', `/api/v1/tokens/${await tokenId(member)}`, { token: admin.token })).status).toBe(204);
      expect((await host.api('DELETE', `/api/v1/tokens/${await tokenId(admin)}`, { token: admin.token })).status).toBe(204);
      expect((await host.api('GET', '/api/v1/me', { token: admin.token })).status).toBe(401);
    });

    it('refuses an expired token, and expiry times in the past or unreadable', async () => {
      const soon = new Date(Date.now() + 60_000).toISOString();
      const minted = await host.api('POST', '/api/v1/tokens', { body: { userId: host.owner!.userId, abilities: ['read'], expiresAt: soon } });
      expect(minted.status).toBe(201);
      expect((await host.api('GET', '/api/v1/me', { token: minted.body.token })).status).toBe(200);
      const listed = await host.api('GET', '/api/v1/tokens');
      expect(listed.body.data.find((t: { id: string }) => t.id === minted.body.id).expiresAt).toBe(soon);
      // Moved into the past, as time would.
      host.sqlite.prepare('UPDATE api_tokens SET expires_at = ? WHERE id = ?').run(Date.now() - 1000, minted.body.id);
      expect(await host.api('GET', '/api/v1/me', { token: minted.body.token })).toMatchObject({
        status: 401,
        body: { error: { message: 'invalid API token' } },
      });
      for (const [expiresAt, message] of [
        ['2001-01-01T00:00:00Z', 'expiresAt: must be in the future'],
        ['next tuesday', 'expiresAt: must be an ISO 8601 time'],
        ['2999-01-01T00:00:00Z', 'expiresAt: must be within ten years'],
      ]) {
        const res = await host.api('POST', '/api/v1/tokens', { body: { userId: host.owner!.userId, abilities: ['read'], expiresAt } });
        expect(res.status, expiresAt).toBe(400);
        expect(res.body.error.message).toContain(message);
      }
    });
  });

  describe('team scoping', () => {
    it('hides another team’s servers and applications (404)', async () => {
      const server = await host.api('POST', '/api/v1/servers', { body: serverBody() });
      const app = await host.api('POST', '/api/v1/applications', { body: { name: 'web', serverId: server.body.id } });
      const other = await host.addTeam('Other');

      expect(await host.api('GET', `/api/v1/servers/${server.body.id}`, { token: other.token })).toMatchObject({
        status: 404,
        body: { error: { code: 'not_found', message: 'server not found' } },
      });
      expect((await host.api('GET', `/api/v1/applications/${app.body.uuid}`, { token: other.token })).status).toBe(404);
      expect((await host.api('GET', '/api/v1/servers', { token: other.token })).body).toEqual({ data: [] });
      expect((await host.api('GET', '/api/v1/applications', { token: other.token })).body).toEqual({ data: [] });
      const borrow = await host.api('POST', '/api/v1/applications', { token: other.token, body: { name: 'x', serverId: server.body.id } });
      expect(borrow.status).toBe(404);
      expect((await host.api('GET', `/api/v1/applications/${app.body.uuid}`)).status).toBe(200);
    });

    it('does not let a team’s owner touch users of a team it did not create', async () => {
      const other = await host.addTeam('Other');
      const res = await host.api('POST', '/api/v1/tokens', { token: other.token, body: { userId: host.owner!.userId, abilities: ['read'] } });
      expect(res).toMatchObject({ status: 404, body: { error: { message: 'user not found' } } });
      const user = await host.api('POST', '/api/v1/users', {
        token: other.token,
        body: { email: 'intruder@example.com', password: 'password-1', role: 'admin', teamId: host.ownerTeamId },
      });
      expect(user).toMatchObject({ status: 404, body: { error: { message: 'team not found' } } });
    });
  });

  describe('validation', () => {
    it('answers 400 naming the field and writes nothing', async () => {
      const before = { servers: count(host, 'servers'), users: count(host, 'users'), teams: count(host, 'teams') };
      const cases = [
        ['/api/v1/servers', serverBody({ ip: '' }), 'ip: is required'],
        ['/api/v1/servers', serverBody({ port: 0 }), 'port: '],
        ['/api/v1/servers', serverBody({ privateKey: 'hello' }), 'privateKey: must be a PEM or OpenSSH private key'],
        ['/api/v1/users', { email: 'bad', password: 'password-1', role: 'admin' }, 'email: must be an email address'],
        ['/api/v1/users', { email: 'a@example.com', password: 'short', role: 'admin' }, 'password: must be at least 8 characters'],
        ['/api/v1/users', { email: 'a@example.com', password: 'password-1', role: 'root' }, 'role: must be one of owner, admin, member, viewer'],
        ['/api/v1/tokens', { userId: host.owner!.userId, abilities: ['write'] }, 'abilities: must be ["read"] or ["read","write"]'],
        ['/api/v1/teams', { name: '   ' }, 'name: is required'],
        ['/api/v1/applications', { name: 'x' }, 'serverId: is required'],
        ['/api/v1/teams', { name: 'Ops\u0000' }, 'name: must not contain control characters'],
        ['/api/v1/teams', { name: 'gpj.\u202eexe' }, 'name: must not contain control characters'],
        ['/api/v1/servers', serverBody({ name: 'm\u200b1' }), 'name: must not contain control characters'],
        ['/api/v1/servers', serverBody({ name: 'half \ud800' }), 'name: must not contain control characters'],
        ['/api/v1/applications', { name: 'web\u001b[2J', serverId: 'x' }, 'name: must not contain control characters'],
        ['/api/v1/users', { email: 'a\u202e@example.com', password: 'password-1', role: 'admin' }, 'email: must be an email address'],
      ] as const;
      for (const [path, body, message] of cases) {
        const res = await host.api('POST', path, { body });
        expect(res.status, `${path} ${message}`).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
        expect(res.body.error.message).toContain(message);
      }
      const invalidJson = await host.api('POST', '/api/v1/servers', { body: '{"name":' });
      expect(invalidJson).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
      expect({ servers: count(host, 'servers'), users: count(host, 'users'), teams: count(host, 'teams') }).toEqual(before);
    });

    it('stores names in NFC', async () => {
      const server = await host.api('POST', '/api/v1/servers', { body: serverBody({ name: 'Cafe\u0301' }) });
      expect((await host.api('GET', `/api/v1/servers/${server.body.id}`)).body.name).toBe('Caf\u00e9');
      const app = await host.api('POST', '/api/v1/applications', { body: { name: 'Cafe\u0301', serverId: server.body.id } });
      expect((await host.api('GET', `/api/v1/applications/${app.body.uuid}`)).body.name).toBe('Caf\u00e9');
    });

    it('answers 409 for a duplicate email', async () => {
      const res = await host.api('POST', '/api/v1/users', { body: { email: OWNER_EMAIL, password: 'password-1', role: 'viewer' } });
      expect(res).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    });

    it('answers unknown API routes with a JSON 404', async () => {
      const res = await host.api('GET', '/api/v1/nothing');
      expect(res).toEqual({ status: 404, body: { error: { code: 'not_found', message: 'no route for GET /api/v1/nothing' } } });
    });
  });

  describe('servers', () => {
    it('stores the private key encrypted and never returns it', async () => {
      const created = await host.api('POST', '/api/v1/servers', { body: serverBody() });
      expect(created).toEqual({ status: 201, body: { id: expect.any(String) } });

      const raw = JSON.stringify(host.sqlite.prepare('SELECT * FROM servers').all());
      expect(raw).not.toContain('PRIVATE KEY');
      expect(raw).not.toContain('b3BlbnNzaC1rZXktdjE');

      const list = await host.api('GET', '/api/v1/servers');
      const one = await host.api('GET', `/api/v1/servers/${created.body.id}`);
      for (const body of [list.body, one.body]) {
        expect(JSON.stringify(body)).not.toMatch(/PRIVATE KEY|privateKey|b3BlbnNzaC1rZXktdjE/);
      }
      expect(one.body).toEqual({
        id: created.body.id,
        teamId: host.ownerTeamId,
        name: 'manager-1',
        ip: '10.0.0.11',
        port: 22,
        user: 'root',
        transport: 'ssh',
        swarmManager: true,
        swarmWorker: false,
        dockerSocketPath: '/var/run/docker.sock',
      });
      expect(await host.services.servers.privateKey({ serverId: created.body.id })).toBe(`${TEST_PRIVATE_KEY}\n`);
    });
  });

  describe('applications', () => {
    it('creates, lists and gets applications', async () => {
      const server = await host.api('POST', '/api/v1/servers', { body: serverBody() });
      const member = await host.addUser({ role: 'member' });
      const created = await host.api('POST', '/api/v1/applications', { token: member.token, body: { name: 'web', serverId: server.body.id } });
      expect(created).toEqual({ status: 201, body: { uuid: expect.any(String) } });
      const app = {
        uuid: created.body.uuid,
        teamId: host.ownerTeamId,
        name: 'web',
        serverId: server.body.id,
        image: 'lab/busybox:latest',
        command: 'sleep 3600',
        swarmSettings: null,
      };
      expect((await host.api('GET', '/api/v1/applications')).body).toEqual({ data: [app] });
      expect((await host.api('GET', `/api/v1/applications/${created.body.uuid}`)).body).toEqual(app);
    });

    it('takes an image and a command, and refuses an image with spaces', async () => {
      const server = await host.api('POST', '/api/v1/servers', { body: serverBody() });
      const body = { name: 'web', serverId: server.body.id, image: 'nginx:1.27', command: 'nginx -g "daemon off;"' };
      const created = await host.api('POST', '/api/v1/applications', { body });
      expect(created.status).toBe(201);
      const app = await host.api('GET', `/api/v1/applications/${created.body.uuid}`);
      expect(app.body).toMatchObject({ image: 'nginx:1.27', command: 'nginx -g "daemon off;"' });
      const bad = await host.api('POST', '/api/v1/applications', { body: { ...body, image: 'nginx latest' } });
      expect(bad).toMatchObject({ status: 400, body: { error: { message: 'image: must not contain spaces' } } });
    });
  });

  describe('notifications', () => {
    it('lists the team inbox and adds webhook channels', async () => {
      await host.services.notifications.notify({
        teamId: host.ownerTeamId,
        notification: { event: 'cluster.recovered', level: 'success', title: 'Recovered', message: 'all good' },
      });
      const inbox = await host.api('GET', '/api/v1/notifications?limit=10');
      expect(inbox.body.data).toEqual([expect.objectContaining({ event: 'cluster.recovered', level: 'success', title: 'Recovered', readAt: null })]);
      expect((await host.api('GET', '/api/v1/notifications?limit=0')).status).toBe(400);

      const channel = await host.api('POST', '/api/v1/notification-channels', { body: { url: 'https://hooks.example/x' } });
      expect(channel.status).toBe(201);
      const bad = await host.api('POST', '/api/v1/notification-channels', { body: { url: 'ftp://x' } });
      expect(bad).toMatchObject({ status: 400, body: { error: { message: 'url: must be an http(s) URL' } } });
      const member = await host.addUser({ role: 'member' });
      const refused = await host.api('POST', '/api/v1/notification-channels', { token: member.token, body: { url: 'https://h.example' } });
      expect(refused.status).toBe(403);
    });
  });
});
