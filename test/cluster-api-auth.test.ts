/**
 * Team scoping, abilities and validation on every cluster route. These answers come before any
 * Docker call, so a registered cluster row is enough: no swarm is touched.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ClusterRepository } from '../src/db/repositories/cluster-repository.ts';
import { createPluginFixture, type PluginFixture } from './support/plugin-fixture.ts';

const ROUTES: [method: string, path: string, body?: unknown][] = [
  ['GET', '/:uuid'],
  ['PATCH', '/:uuid', { name: 'renamed' }],
  ['DELETE', '/:uuid'],
  ['POST', '/:uuid/sync'],
  ['GET', '/:uuid/nodes'],
  ['GET', '/:uuid/nodes/n1'],
  ['GET', '/:uuid/services'],
  ['GET', '/:uuid/services/s1'],
  ['GET', '/:uuid/services/s1/tasks'],
  ['GET', '/:uuid/tasks'],
  ['GET', '/:uuid/visualizer'],
  ['GET', '/:uuid/events'],
];
const WRITES = ROUTES.filter(([m]) => m !== 'GET');

describe('cluster API authorization and validation', () => {
  let fx: PluginFixture;
  let uuid: string;
  let managerId: string;

  beforeEach(() => {
    fx = createPluginFixture(null);
    const server = fx.host.addServer({
      teamId: fx.teamId,
      name: 'm1',
      ip: '192.0.2.10',
      port: 22,
      user: 'root',
      privateKey: 'x',
      swarmManager: true,
      swarmWorker: false,
    });
    managerId = server.id;
    uuid = new ClusterRepository(fx.ctx.db).insert({ uuid: 'c-1', teamId: fx.teamId, name: 'prod', managerServerId: server.id, swarmId: 'swarm-1' }).uuid;
  });

  const call = (method: string, path: string, token: string, body?: unknown) =>
    fx.request(path.replace(':uuid', uuid), { method, token, ...(body === undefined ? {} : { json: body }) });

  it('answers 401 without a token', async () => {
    const res = await fx.app.request('/api/clusters');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
  });

  it("gives another team's token a 404 on every route, and an empty list", async () => {
    const other = fx.host.token({ teamId: 'team-b', role: 'owner' });
    for (const [method, path, body] of ROUTES) {
      const res = await call(method, path, other, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    expect(await (await fx.request('/', { token: other })).json()).toEqual({ data: [] });
    expect(fx.ctx.clusters.get(fx.teamId, uuid).name).toBe('prod');
  });

  it('keeps a member off a cluster whose manager the host does not let them use: 404 on every route, not listed, no create on it', async () => {
    const other = fx.host.addServer({
      teamId: fx.teamId,
      name: 'm2',
      ip: '192.0.2.11',
      port: 22,
      user: 'root',
      privateKey: 'x',
      swarmManager: true,
      swarmWorker: false,
    });
    const elsewhere = fx.host.token({ teamId: fx.teamId, role: 'owner', servers: [other.id] });
    for (const [method, path, body] of ROUTES) {
      const res = await call(method, path, elsewhere, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    expect(await (await fx.request('/', { token: elsewhere })).json()).toEqual({ data: [] });
    const create = await fx.request('/', { method: 'POST', token: elsewhere, json: { name: 'mine now', managerServerId: managerId } });
    expect(create.status).toBe(403);
    expect(await create.json()).toEqual({ error: { code: 'forbidden', message: 'you may not create clusters on these servers' } });
    expect(fx.ctx.clusters.list(fx.teamId).map((c) => c.name)).toEqual(['prod']);

    // The same member, allowed the cluster's manager, sees it.
    const allowed = fx.host.token({ teamId: fx.teamId, role: 'owner', servers: [managerId] });
    expect((await call('GET', '/:uuid', allowed)).status).toBe(200);
    expect(((await (await fx.request('/', { token: allowed })).json()) as { data: { uuid: string }[] }).data.map((c) => c.uuid)).toEqual([uuid]);
  });

  it('gives a read-only token and a viewer 403 with a reason on every write', async () => {
    const readOnly = fx.host.token({ teamId: fx.teamId, role: 'owner', abilities: ['read'] });
    const viewer = fx.host.token({ teamId: fx.teamId, role: 'viewer' });
    const member = fx.host.token({ teamId: fx.teamId, role: 'member' });
    for (const token of [readOnly, viewer, member]) {
      for (const [method, path, body] of [...WRITES, ['POST', '/', { name: 'x', managerServerId: 'y' }], ['POST', '/detect']] as const) {
        const res = await call(method, path, token, body);
        expect(res.status, `${method} ${path}`).toBe(403);
        const error = ((await res.json()) as { error: { code: string; message: string } }).error;
        expect(error.code).toBe('forbidden');
        expect(error.message.length).toBeGreaterThan(5);
      }
    }
    expect(((await (await call('POST', '/:uuid/sync', readOnly)).json()) as { error: { message: string } }).error.message).toBe('this token is read-only');
    expect(fx.ctx.clusters.get(fx.teamId, uuid).name).toBe('prod');
  });

  it('refuses join commands to a read-only token even where the host would allow it (a manager token is root on every node)', async () => {
    // A careless host that allows every action in the team: the plugin still asks for the write ability.
    fx.host.services.auth.authorize = async ({ principal, teamId }) => principal.teamId === teamId;
    for (const role of ['owner', 'admin'] as const) {
      const readOnly = fx.host.token({ teamId: fx.teamId, role, abilities: ['read'] });
      for (const join of ['worker', 'manager']) {
        const res = await call('GET', `/:uuid/join-command?role=${join}`, readOnly);
        expect(res.status, `${role} ${join}`).toBe(403);
        expect(await res.json()).toEqual({ error: { code: 'forbidden', message: 'this token is read-only' } });
      }
    }
  });

  it('rejects invalid bodies with 400 naming the field, and writes nothing', async () => {
    const cases: [string, string, unknown, RegExp][] = [
      ['POST', '/', { description: 'no name' }, /name/],
      ['POST', '/', { name: '', managerServerId: 'x' }, /name/],
      ['POST', '/', { name: 'x', managerServerId: 'x', extra: 1 }, /unknown field/],
      ['POST', '/', { name: 'x', managerServerId: 'no-such-server' }, /managerServerId/],
      ['POST', '/', 'not json', /JSON/],
      ['PATCH', '/:uuid', {}, /nothing to update/],
      ['PATCH', '/:uuid', { name: 'x'.repeat(101) }, /name/],
      ['PATCH', '/:uuid', { name: 42 }, /name/],
      ['POST', '/', { name: 'prod\u0000', managerServerId: 'x' }, /^name: must not contain control characters/],
      ['PATCH', '/:uuid', { name: 'gpj.\u202eexe' }, /^name: must not contain control characters/],
      ['PATCH', '/:uuid', { name: 'half \ud800' }, /unpaired surrogates/],
    ];
    for (const [method, path, body, message] of cases) {
      const res =
        body === 'not json'
          ? await fx.request(path.replace(':uuid', uuid), { method, body: '{nope', headers: { 'content-type': 'application/json' } })
          : await call(method, path, fx.token, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      const error = ((await res.json()) as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('validation_failed');
      expect(error.message).toMatch(message);
    }
    expect(fx.ctx.clusters.list(fx.teamId).map((c) => c.name)).toEqual(['prod']);
  });

  it('rejects bad query parameters with 400', async () => {
    for (const query of ['limit=0', 'limit=abc', 'since=yesterday', 'type=bogus', 'unknown=1']) {
      const res = await fx.request(`/${uuid}/events?${query}`);
      expect(res.status, query).toBe(400);
    }
  });

  it('stores names in NFC, so a decomposed accent names the same cluster as a composed one', async () => {
    const res = await call('PATCH', '/:uuid', fx.token, { name: 'Cafe\u0301' });
    expect(((await res.json()) as { data: { name: string } }).data.name).toBe('Caf\u00e9');
    expect(fx.ctx.clusters.get(fx.teamId, uuid).name).toBe('Caf\u00e9');
  });

  it('lets an owner rename and delete', async () => {
    const renamed = await call('PATCH', '/:uuid', fx.token, { name: 'production', description: 'main swarm' });
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as { data: { name: string } }).data.name).toBe('production');
    expect((await call('DELETE', '/:uuid', fx.token)).status).toBe(204);
    expect((await call('GET', '/:uuid', fx.token)).status).toBe(404);
  });
});
