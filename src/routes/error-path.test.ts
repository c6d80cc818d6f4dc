/**
 * The one error path end to end, through app.request() on the minimal host (no lab): a bug (here the host
 * failing to list servers) is logged with its stack under a request id, and the JSON API and an htmx partial
 * both answer "internal error" with that id, never the bug's own message.
 */
import { generateKeyPairSync } from 'node:crypto';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMinimalHost, type MinimalHost } from '../../test/support/minimal-host.ts';
import { migratePluginDatabase } from '../db/database.ts';
import { ClusterRepository } from '../db/repositories/cluster-repository.ts';
import { createPluginContext, type PluginContext } from '../plugin-context.ts';
import { resolveSettings } from '../settings.ts';
import { clusterApi } from './api/clusters.ts';
import { clusterWeb } from './web/index.ts';

const SECRET = 'sqlite handle closed at /srv/panel/secret.db';

describe('an unknown error', () => {
  let host: MinimalHost;
  let ctx: PluginContext;
  let app: Hono;
  let token: string;
  const logged: { message: string; data?: Record<string, unknown> }[] = [];

  beforeEach(() => {
    host = createMinimalHost();
    host.services.servers.listForTeam = async () => {
      throw new Error(SECRET);
    };
    host.services.logger.error = (message, data) => void logged.push({ message, data });
    ctx = createPluginContext(host.services, resolveSettings());
    migratePluginDatabase(ctx.db);
    app = new Hono()
      .route(host.info.mounts.api, clusterApi(ctx, { mount: host.info.mounts.api, version: 'test' }))
      .route(host.info.mounts.web, clusterWeb(ctx, host.info));
    token = host.token({ teamId: 'team-a', role: 'owner' });
    logged.length = 0;
  });

  afterEach(() => ctx.connections.close());

  const request = (path: string, init: RequestInit = {}) =>
    app.request(path, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) } });

  function loggedFor(requestId: string) {
    const entry = logged.find((l) => l.data?.requestId === requestId);
    expect(entry, `a log line for ${requestId}`).toBeDefined();
    expect(String(entry!.data!.error)).toContain(SECRET);
    expect(String(entry!.data!.error)).toMatch(/\n\s+at /);
  }

  it('is "internal error" with a request id in JSON, logged with its stack', async () => {
    const res = await request(`${host.info.mounts.api}/detect`, { method: 'POST' });
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error).toEqual({ code: 'internal_error', message: 'internal error', requestId: expect.stringMatching(/^[\w-]{8,}$/) });
    loggedFor(body.error.requestId);
  });

  it('is "internal error" with a request id in an htmx partial, logged with its stack', async () => {
    const res = await request(host.info.mounts.web, { headers: { 'HX-Request': 'true' } });
    expect(res.status).toBe(500);
    expect(res.headers.get('Vary')).toContain('HX-Request');
    const html = await res.text();
    expect(html).not.toContain('<title>');
    expect(html).toContain('internal error');
    expect(html).not.toContain(SECRET);
    const requestId = /request id <code>([^<]+)<\/code>/.exec(html)?.[1];
    expect(requestId).toBeDefined();
    loggedFor(requestId!);
  });

  it('keeps the host’s request id when it sends one, in the page and the log', async () => {
    const res = await request(host.info.mounts.web, { headers: { 'X-Request-Id': 'host-req-42' } });
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).toContain('<title>Something went wrong</title>');
    expect(html).toContain('host-req-42');
    expect(html).not.toContain(SECRET);
    loggedFor('host-req-42');
  });

  it('is shown in place of the detect outcome, not as the bug’s message', async () => {
    const res = await request(`${host.info.mounts.web}/detect`, { method: 'POST', headers: { 'HX-Request': 'true' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('internal error (request id ');
    expect(html).not.toContain(SECRET);
  });
});

const sshKey = () =>
  generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
    .privateKey;

describe('an unreachable cluster', () => {
  it('names the SSH user and port of the manager that did not answer to operators only', async () => {
    const host = createMinimalHost();
    const ctx = createPluginContext(host.services, resolveSettings());
    migratePluginDatabase(ctx.db);
    // Nothing listens on port 1: the connection is refused at once, without leaving the machine.
    const server = host.addServer({
      teamId: 'team-a',
      name: 'm1',
      ip: '127.0.0.1',
      port: 1,
      user: 'deployer',
      swarmManager: true,
      swarmWorker: false,
      privateKey: sshKey(),
    });
    const cluster = new ClusterRepository(ctx.db).insert({ uuid: 'c-down', teamId: 'team-a', name: 'down', managerServerId: server.id });
    const app = new Hono().route(host.info.mounts.web, clusterWeb(ctx, host.info));
    const overview = async (role: 'owner' | 'viewer') => {
      const token = host.token({ teamId: 'team-a', role });
      const res = await app.request(`${host.info.mounts.web}/${cluster.uuid}`, { headers: { authorization: `Bearer ${token}`, 'HX-Request': 'true' } });
      expect(res.status).toBe(200);
      return res.text();
    };
    try {
      const owner = await overview('owner');
      expect(owner).toContain('no manager of the cluster answered');
      expect(owner).toContain('deployer@127.0.0.1:1');
      const viewer = await overview('viewer');
      expect(viewer).toContain('no manager of the cluster answered');
      expect(viewer).not.toContain('deployer@');
      expect(viewer).toContain('(address hidden)');
    } finally {
      await ctx.connections.close();
    }
  });
});
