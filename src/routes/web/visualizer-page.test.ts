/**
 * The visualizer with 100 nodes and 10,000 tasks from a synthetic engine (over the real unix-socket transport,
 * client, cache and views): each node's tasks come as a chip per service with their count, a group expands on
 * request and stays expanded in the live refresh that sends its key back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMinimalHost, type MinimalHost } from '../../../test/support/minimal-host.ts';
import { type SyntheticEngine, startSyntheticEngine } from '../../../test/support/synthetic-engine.ts';
import { managerAccess, syntheticId } from '../../../test/support/synthetic-swarm.ts';
import { migratePluginDatabase } from '../../db/database.ts';
import { ClusterRepository } from '../../db/repositories/cluster-repository.ts';
import type { ClusterRow } from '../../db/schema.ts';
import { LocalTransport, SwarmClient } from '../../docker/index.ts';
import { createPluginContext, type PluginContext } from '../../plugin-context.ts';
import { SwarmState } from '../../services/swarm-state.ts';
import { TtlCache } from '../../services/ttl-cache.ts';
import { resolveSettings } from '../../settings.ts';
import { type PluginEnv, requirePrincipal } from '../auth.ts';
import { webErrorHandler } from './page-support.ts';
import { visualizerRoutes } from './visualizer-page.ts';

const SIZE = { nodes: 100, services: 1_000, tasks: 10_000 };
const TTL = { info: 60, nodes: 60, services: 60, tasks: 60, resources: 60, joinTokens: 60 };
/** The synthetic swarm puts task i of service i % 1000 on node i % 100: ten services of ten tasks per node. */
const GROUP = `${syntheticId('n', 3)}/${syntheticId('s', 103)}/running`;

describe('the visualizer with 100 nodes and 10,000 tasks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'visualizer-page-'));
  let engine: SyntheticEngine;
  let client: SwarmClient;
  let host: MinimalHost;
  let ctx: PluginContext;
  let cluster: ClusterRow;
  let app: Hono;
  let token: string;
  let wanted: number;

  beforeAll(async () => {
    engine = await startSyntheticEngine({ ...SIZE, socketPath: join(dir, 'docker.sock') });
    wanted = engine.tasks.filter((t) => t.DesiredState === 'running').length;
    client = new SwarmClient(new LocalTransport({ socketPath: engine.socketPath }));
    host = createMinimalHost();
    ctx = createPluginContext(host.services, resolveSettings());
    migratePluginDatabase(ctx.db);
    cluster = new ClusterRepository(ctx.db).insert({ uuid: 'c-uuid', teamId: 'team-a', name: 'synthetic', managerServerId: 'synthetic' });
    token = host.token({ teamId: 'team-a', role: 'viewer', abilities: ['read'] });
    const services = { ...ctx, state: new SwarmState(managerAccess(client), new TtlCache(), TTL) };
    const web = new Hono<PluginEnv>();
    web.onError(webErrorHandler(services));
    web.use('*', requirePrincipal(services.host));
    web.route('/', visualizerRoutes(services, host.info));
    app = new Hono().route(host.info.mounts.web, web);
  });

  afterAll(async () => {
    await ctx?.connections.close();
    await client?.transport.close();
    await engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string) =>
    app.request(`${host.info.mounts.web}/${cluster.uuid}${path}`, { headers: { authorization: `Bearer ${token}`, 'HX-Request': 'true' } });
  const count = (html: string, pattern: RegExp) => html.match(pattern)?.length ?? 0;
  const chipCounts = (html: string) => [...html.matchAll(/data-count="(\d+)"/g)].reduce((n, m) => n + Number(m[1]), 0);

  it('draws every wanted task as part of a chip per service, a page of about a thousand elements', async () => {
    const html = await (await get('/visualizer')).text();
    expect(count(html, /class="cl-col[ "]/g)).toBe(SIZE.nodes);
    expect(count(html, /data-task="/g)).toBe(0);
    expect(count(html, /class="cl-block cl-chip /g)).toBe(900);
    expect(chipCounts(html)).toBe(wanted);
    expect(html).toContain(`${SIZE.nodes} nodes · ${wanted} tasks`);
  });

  it('expands one group on request, and keeps it expanded in the live refresh that sends its key back', async () => {
    const open = await (await get(`/visualizer/group?key=${encodeURIComponent(GROUP)}&open=1`)).text();
    expect(open).toContain(`<input type="hidden" name="expand" value="${GROUP}"/>`);
    expect(count(open, /data-task="/g)).toBe(10);
    const closed = await (await get(`/visualizer/group?key=${encodeURIComponent(GROUP)}`)).text();
    expect(closed).toMatch(/^<button type="button" class="cl-block cl-chip cl-task-running"/);
    expect(count(closed, /data-task="/g)).toBe(0);

    const refreshed = await (await get(`/visualizer?expand=${encodeURIComponent(GROUP)}`)).text();
    expect(count(refreshed, /data-task="/g)).toBe(10);
    expect(count(refreshed, /class="cl-block cl-chip /g)).toBe(900);
  });

  it('answers a group no task has now with nothing, and refuses a malformed key', async () => {
    const gone = await get(`/visualizer/group?key=${encodeURIComponent(`${syntheticId('n', 3)}/${syntheticId('s', 104)}/running`)}&open=1`);
    expect(gone.status).toBe(200);
    expect(await gone.text()).toBe('');
    const bad = await get('/visualizer/group?key=%3Cscript%3E');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('key must be node/service/state');
  });
});
