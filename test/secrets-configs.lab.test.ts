/**
 * Secrets, configs and their rotation through the reference host's API against the lab swarm, read back with
 * the docker CLI. The values sent are unique strings looked for afterwards in every response, every log line
 * and every file of the data dir: they must be in none.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../host/logger.ts';
import { createTestHost, type TestHost } from '../host/testing.ts';
import { LAB_IMAGE, labDocker } from '../lab/lab.ts';
import { createClustersPlugin } from '../src/index.ts';
import { registerLab } from './support/lab-host.ts';
import { eventually } from './support/plugin-fixture.ts';
import { cli, lab } from './support/test-lab.ts';

const SECRET_VALUE = `first-${randomUUID()}`;
const ROTATED_VALUE = `second-${randomUUID()}`;
const FAILING_VALUE = `third-${randomUUID()}`;
const VALUES = [SECRET_VALUE, ROTATED_VALUE, FAILING_VALUE];

/** Quick rolling updates: one task, no delay, a short monitor, a short grace period (`sleep` ignores SIGTERM). */
const QUICK_SERVICE = ['--detach', '--replicas', '1', '--stop-grace-period', '1s', '--update-delay', '0s', '--update-monitor', '1s'];

interface SecretRef {
  File: { Name: string; UID: string; GID: string; Mode: number };
  SecretID: string;
  SecretName: string;
}

const secretRefs = async (service: string) =>
  JSON.parse(await cli(['service', 'inspect', service, '--format', '{{json .Spec.TaskTemplate.ContainerSpec.Secrets}}'])) as SecretRef[];
const names = async (kind: 'secret' | 'config') => (await cli([kind, 'ls', '--format', '{{.Name}}'])).split('\n').filter(Boolean).sort();

/** What a running task of the service reads at `path`, through `docker exec` on the node running it. */
async function readInTask(service: string, path: string): Promise<string> {
  const taskId = await eventually(
    async () =>
      (await cli(['service', 'ps', service, '--filter', 'desired-state=running', '--no-trunc', '--format', '{{.ID}} {{.CurrentState}}']))
        .split('\n')
        .find((line) => / Running /.test(` ${line} `))
        ?.split(' ')[0],
    { what: `a running task of ${service}` },
  );
  const [nodeId, containerId] = (await cli(['inspect', taskId, '--format', '{{.NodeID}} {{.Status.ContainerStatus.ContainerID}}'])).trim().split(' ');
  const node = (await cli(['node', 'inspect', nodeId!, '--format', '{{.Description.Hostname}}'])).trim();
  return labDocker(lab, node, ['exec', containerId!, 'cat', path]);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('secrets and configs on the lab swarm', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'secrets-host-'));
  const logLines: string[] = [];
  const responses: string[] = [];
  let host: TestHost;
  let uuid: string;

  /** An API call as the owner; every answer is kept to be searched for values afterwards. */
  async function api(method: string, path: string, body?: unknown, token?: string) {
    const result = await host.api(method, `/api/v1/clusters/${uuid}${path}`, { body, token });
    responses.push(JSON.stringify(result.body));
    return result;
  }
  const rotation = async (id: string) => (await api('GET', `/rotations/${id}`)).body.data;
  const settled = (id: string) =>
    eventually(
      async () => {
        const r = await rotation(id);
        return r.status !== 'running' && r;
      },
      { what: `rotation ${id} to stop running`, timeoutMs: 90_000 },
    );

  beforeAll(async () => {
    host = await createTestHost({
      dataDir,
      plugin: createClustersPlugin,
      logger: createLogger({ level: 'debug', write: (line) => logLines.push(line) }),
    });
    ({ uuid } = await registerLab({ api: (method, path, body, token) => host.api(method, path, { body, token }) }, lab));
  });

  afterAll(async () => {
    await cli(['service', 'rm', 'sec-app', 'sec-a', 'sec-b', 'sec-c', 'sec-f-a', 'sec-f-b']).catch(() => '');
    for (const kind of ['secret', 'config'] as const) {
      const ours = (await names(kind)).filter((n) => n.startsWith('sec-'));
      if (ours.length) await cli([kind, 'rm', ...ours]).catch(() => '');
    }
    await host?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a secret that a task reads, lists its users, refuses to remove it while used, removes it when free', async () => {
    const created = await api('POST', '/secrets', { name: 'sec-db-password', value: SECRET_VALUE, labels: { tier: 'db' } });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      name: 'sec-db-password',
      labels: { tier: 'db' },
      usedBy: [],
      family: 'sec-db-password',
      version: 1,
      createdBy: 'owner@example.com',
    });
    expect(Object.keys(created.body.data)).not.toContain('value');
    const inspected = JSON.parse(await cli(['secret', 'inspect', 'sec-db-password', '--format', '{{json .}}']));
    expect(inspected).toMatchObject({ ID: created.body.data.id, Spec: { Name: 'sec-db-password', Labels: { tier: 'db' } } });

    await cli([
      'service',
      'create',
      ...QUICK_SERVICE,
      '--name',
      'sec-app',
      '--secret',
      'source=sec-db-password,target=db_pass,uid=10,gid=20,mode=0440',
      LAB_IMAGE,
      'sleep',
      '3600',
    ]);
    const listed = await api('GET', '/secrets');
    const appId = (await cli(['service', 'inspect', 'sec-app', '--format', '{{.ID}}'])).trim();
    expect(listed.body.data.find((s: { name: string }) => s.name === 'sec-db-password').usedBy).toEqual([{ id: appId, name: 'sec-app' }]);
    expect(await readInTask('sec-app', '/run/secrets/db_pass')).toBe(SECRET_VALUE);

    const refused = await api('DELETE', '/secrets/sec-db-password');
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'in_use', details: { services: [{ id: appId, name: 'sec-app' }] } });
    expect(refused.body.error.message).toContain('sec-app');
    expect(await names('secret')).toContain('sec-db-password');

    await cli(['service', 'rm', 'sec-app']);
    const removed = await api('DELETE', '/secrets/sec-db-password');
    expect(removed.status).toBe(200);
    expect(await names('secret')).not.toContain('sec-db-password');

    const events = await api('GET', '/events?type=plugin');
    const actions = events.body.data.map((e: { action: string; actorName: string; principal: string }) => `${e.action} ${e.actorName} ${e.principal}`);
    expect(actions).toEqual(expect.arrayContaining(['secret.create sec-db-password owner@example.com', 'secret.remove sec-db-password owner@example.com']));
  });

  it('creates a config whose content reads back as text, capped, and forgets one removed with the CLI on sync', async () => {
    const created = await api('POST', '/configs', { name: 'sec-nginx-conf', data: 'server { listen 80; }\n<b>&' });
    expect(created.status).toBe(201);
    const read = await api('GET', `/configs/${created.body.data.id}`);
    expect(read.body.data).toMatchObject({ name: 'sec-nginx-conf', data: 'server { listen 80; }\n<b>&', truncated: false, bytes: 26 });
    const big = await api('POST', '/configs', { name: 'sec-big', data: 'x'.repeat(100_000) });
    expect(big.status).toBe(201);
    expect((await api('GET', '/configs/sec-big')).body.data).toMatchObject({ truncated: true, bytes: 100_000 });
    expect((await api('GET', '/configs/sec-big')).body.data.data).toHaveLength(64 * 1024);

    await cli(['config', 'rm', 'sec-big']);
    expect((await api('GET', '/configs')).body.data.map((c: { name: string }) => c.name)).not.toContain('sec-big');
    expect((await api('POST', '/sync')).status).toBe(200);
    const rows = host.sqlite.prepare("SELECT name FROM swarm_objects WHERE kind = 'config'").all() as { name: string }[];
    expect(rows.map((r) => r.name)).toEqual(['sec-nginx-conf']);
    expect((await api('DELETE', '/configs/sec-nginx-conf')).status).toBe(200);
  });

  it('rotates a secret used by two services: both end on -v2 with the same target, uid, gid and mode, the old one gone', async () => {
    expect((await api('POST', '/secrets', { name: 'sec-token', value: SECRET_VALUE })).status).toBe(201);
    await cli([
      'service',
      'create',
      ...QUICK_SERVICE,
      '--name',
      'sec-a',
      '--secret',
      'source=sec-token,target=api_token,uid=1,gid=2,mode=0400',
      LAB_IMAGE,
      'sleep',
      '3600',
    ]);
    await cli([
      'service',
      'create',
      ...QUICK_SERVICE,
      '--name',
      'sec-b',
      '--secret',
      'source=sec-token,target=/etc/token,uid=0,gid=0,mode=0444',
      LAB_IMAGE,
      'sleep',
      '3600',
    ]);
    const before = { a: await secretRefs('sec-a'), b: await secretRefs('sec-b') };

    const started = await api('POST', '/secrets/sec-token/rotate', { value: ROTATED_VALUE });
    expect(started.status).toBe(202);
    expect(started.body.data).toMatchObject({ status: 'running', from: { name: 'sec-token' }, to: { name: 'sec-token-v2' } });
    expect(started.body.data.steps.map((s: { kind: string; service?: { name: string } }) => s.service?.name ?? s.kind)).toEqual([
      'create',
      'sec-a',
      'sec-b',
      'remove',
    ]);

    const done = await settled(started.body.data.id);
    expect(done).toMatchObject({ status: 'completed', summary: null });
    expect(done.steps.every((s: { status: string }) => s.status === 'done')).toBe(true);
    const v2 = (await cli(['secret', 'inspect', 'sec-token-v2', '--format', '{{.ID}}'])).trim();
    for (const [service, refs] of [
      ['sec-a', before.a],
      ['sec-b', before.b],
    ] as const) {
      expect(await secretRefs(service)).toEqual(refs.map((ref) => ({ ...ref, SecretID: v2, SecretName: 'sec-token-v2' })));
    }
    expect(await names('secret')).not.toContain('sec-token');
    expect(await readInTask('sec-a', '/run/secrets/api_token')).toBe(ROTATED_VALUE);
    const listed = (await api('GET', '/secrets')).body.data.find((s: { name: string }) => s.name === 'sec-token-v2');
    expect(listed).toMatchObject({ family: 'sec-token', version: 2, rotatedFrom: 'sec-token', createdBy: 'owner@example.com' });
  });

  it('rotates a config: the service reads the new content at the same target, the events name who did it', async () => {
    expect((await api('POST', '/configs', { name: 'sec-app-conf', data: 'level=1\n' })).status).toBe(201);
    await cli([
      'service',
      'create',
      ...QUICK_SERVICE,
      '--name',
      'sec-c',
      '--config',
      'source=sec-app-conf,target=/etc/app.conf,mode=0444',
      LAB_IMAGE,
      'sleep',
      '3600',
    ]);
    const started = await api('POST', '/configs/sec-app-conf/rotate', { data: 'level=2\n' });
    expect(started.status).toBe(202);
    expect(started.body.data).toMatchObject({ kind: 'config', to: { name: 'sec-app-conf-v2' } });
    expect((await settled(started.body.data.id)).status).toBe('completed');
    const refs = JSON.parse(await cli(['service', 'inspect', 'sec-c', '--format', '{{json .Spec.TaskTemplate.ContainerSpec.Configs}}']));
    expect(refs).toMatchObject([{ ConfigName: 'sec-app-conf-v2', File: { Name: '/etc/app.conf', Mode: 0o444 } }]);
    expect(await names('config')).not.toContain('sec-app-conf');
    expect(await readInTask('sec-c', '/etc/app.conf')).toBe('level=2\n');
    const events = (await api('GET', '/events?type=plugin')).body.data as { action: string; actorName: string; principal: string }[];
    expect(events.map((e) => `${e.action} ${e.actorName} ${e.principal}`)).toEqual(
      expect.arrayContaining(['config.rotate sec-app-conf owner@example.com', 'config.rotate.complete sec-app-conf-v2 owner@example.com']),
    );
  });

  // Three rotations waited for (90 s each) after its services run (60 s).
  it('stops a rotation at a service whose update fails, with nothing removed, and resumes it after the fix', { timeout: 360_000 }, async () => {
    expect((await api('POST', '/secrets', { name: 'sec-fail', value: SECRET_VALUE })).status).toBe(201);
    const failFast = ['--update-failure-action', 'pause', '--restart-delay', '1s'];
    await cli(['service', 'create', ...QUICK_SERVICE, '--name', 'sec-f-a', '--secret', 'source=sec-fail,target=app', LAB_IMAGE, 'sleep', '3600']);
    // Runs only while it reads the first value: the rotated one makes its new task exit.
    const check = `[ "$(cat /run/secrets/app)" = "${SECRET_VALUE}" ] && exec sleep 3600; exit 1`;
    await cli([
      'service',
      'create',
      ...QUICK_SERVICE,
      ...failFast,
      '--name',
      'sec-f-b',
      '--secret',
      'source=sec-fail,target=app',
      LAB_IMAGE,
      'sh',
      '-c',
      check,
    ]);
    await eventually(async () => (await cli(['service', 'ls', '--filter', 'name=sec-f-', '--format', '{{.Replicas}}'])).trim() === '1/1\n1/1', {
      what: 'both services running',
    });

    const started = await api('POST', '/secrets/sec-fail/rotate', { value: FAILING_VALUE });
    expect(started.status).toBe(202);
    const stopped = await settled(started.body.data.id);
    expect(stopped.status).toBe('stopped');
    expect(stopped.steps.map((s: { status: string }) => s.status)).toEqual(['done', 'done', 'failed', 'pending']);
    expect(stopped.steps[2].message).toMatch(/sec-f-b/);
    expect(stopped.summary).toContain('sec-fail was kept');
    expect(await names('secret')).toEqual(expect.arrayContaining(['sec-fail', 'sec-fail-v2']));
    expect((await secretRefs('sec-f-a'))[0]!.SecretName).toBe('sec-fail-v2');

    const again = await api('POST', `/rotations/${started.body.data.id}/resume`);
    expect(again.status).toBe(202);
    await settled(started.body.data.id);
    expect(await names('secret')).toContain('sec-fail');

    // The fix: the service no longer insists on the old value; its update goes on from where it paused.
    await cli(['service', 'update', '--detach', '--args', 'sleep 3600', 'sec-f-b']);
    const resumed = await api('POST', `/rotations/${started.body.data.id}/resume`);
    expect(resumed.status).toBe(202);
    expect((await settled(started.body.data.id)).status).toBe('completed');
    expect(await names('secret')).not.toContain('sec-fail');
    expect((await secretRefs('sec-f-b'))[0]!.SecretName).toBe('sec-fail-v2');
  });

  it('refuses bad input on every route with 400 naming the field, and changes nothing', async () => {
    expect((await api('POST', '/secrets', { name: 'sec-kept', value: 'v' })).status).toBe(201);
    expect((await api('POST', '/configs', { name: 'sec-kept-conf', data: 'd' })).status).toBe(201);
    const secretsBefore = await names('secret');
    const configsBefore = await names('config');
    const cases: [string, string, unknown, string | null][] = [
      ['POST', '/secrets', {}, 'name'],
      ['POST', '/secrets', { name: '-bad', value: 'v' }, 'name'],
      ['POST', '/secrets', { name: 'x'.repeat(65), value: 'v' }, 'name'],
      ['POST', '/secrets', { name: 'sec-ok' }, 'value'],
      ['POST', '/secrets', { name: 'sec-ok', value: '' }, 'value'],
      ['POST', '/secrets', { name: 'sec-ok', value: 'x'.repeat(512_000) }, 'value'],
      ['POST', '/secrets', { name: 'sec-ok', value: 5 }, 'value'],
      ['POST', '/secrets', { name: 'sec-ok', value: 'v', labels: { 'bad key': 'x' } }, 'labels.bad key'],
      ['POST', '/secrets', { name: 'sec-ok', value: 'v', labels: ['x'] }, 'labels'],
      ['POST', '/secrets', { name: 'sec-ok', value: 'v', extra: 1 }, null],
      ['POST', '/secrets', 'not json', null],
      ['POST', '/configs', { name: 'sec-ok' }, 'data'],
      ['POST', '/configs', { name: 'sec ok', data: 'd' }, 'name'],
      ['POST', '/configs', { name: 'sec-ok', data: 'x'.repeat(1_024_000) }, 'data'],
      ['POST', '/secrets/sec-kept/rotate', {}, 'value'],
      ['POST', '/secrets/sec-kept/rotate', { value: '' }, 'value'],
      ['POST', '/configs/sec-kept-conf/rotate', { value: 'd' }, null],
      ['POST', '/configs/sec-kept-conf/rotate', { data: '' }, 'data'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await api(method, path, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(body).slice(0, 80)}`).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      if (field) expect(res.body.error.field, `${path} ${JSON.stringify(body).slice(0, 80)}`).toBe(field);
    }
    expect((await api('DELETE', '/secrets/sec-missing')).status).toBe(404);
    expect((await api('POST', '/secrets/sec-missing/rotate', { value: 'v' })).status).toBe(404);
    expect((await api('GET', '/configs/sec-missing')).status).toBe(404);
    expect((await api('GET', `/rotations/${randomUUID()}`)).status).toBe(404);
    expect((await api('POST', `/rotations/${randomUUID()}/resume`)).status).toBe(404);
    const viewer = await host.addUser({ role: 'member', abilities: ['read'] });
    expect((await api('POST', '/secrets', { name: 'sec-ro', value: 'v' }, viewer.token)).status).toBe(403);
    expect((await api('GET', '/secrets', undefined, viewer.token)).status).toBe(200);
    expect(await names('secret')).toEqual(secretsBefore);
    expect(await names('config')).toEqual(configsBefore);
  });

  it('left no value in any response, log line or file of the data dir', async () => {
    expect(responses.length).toBeGreaterThan(20);
    expect(logLines.length).toBeGreaterThan(0);
    const files = filesUnder(dataDir);
    expect(files.some((f) => f.endsWith('.db') || f.endsWith('.sqlite'))).toBe(true);
    for (const value of VALUES) {
      expect(responses.filter((r) => r.includes(value))).toEqual([]);
      expect(logLines.filter((l) => l.includes(value))).toEqual([]);
      expect(files.filter((f) => readFileSync(f).includes(value))).toEqual([]);
    }
  });
});
