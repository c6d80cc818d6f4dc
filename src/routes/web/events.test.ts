/**
 * The events page, its rows partial and the live SSE endpoint on the minimal host, with events written
 * straight to the database (no lab): rendering, filters, paging, live arrivals, team scoping, escaping.
 */
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMinimalHost, type MinimalHost } from '../../../test/support/minimal-host.ts';
import { migratePluginDatabase } from '../../db/database.ts';
import { ClusterRepository } from '../../db/repositories/cluster-repository.ts';
import type { ClusterRow, NewClusterEventRow } from '../../db/schema.ts';
import { createPluginContext, type PluginContext } from '../../plugin-context.ts';
import { resolveSettings } from '../../settings.ts';
import { type PluginEnv, requirePrincipal } from '../auth.ts';
import { EVENTS_PAGE_SIZE, eventRoutes } from './events.ts';
import { liveFrame, liveRoutes, sharedFrames, sseFrame } from './live.ts';
import { webErrorHandler } from './page-support.ts';

const XSS = '<img src=x onerror=alert(1)>';

describe('events page and live endpoint', () => {
  let host: MinimalHost;
  let ctx: PluginContext;
  let app: Hono;
  let cluster: ClusterRow;
  let token: string;
  let seq = 0;

  beforeEach(() => {
    host = createMinimalHost();
    ctx = createPluginContext(host.services, resolveSettings());
    migratePluginDatabase(ctx.db);
    cluster = new ClusterRepository(ctx.db).insert({ uuid: 'c-uuid', teamId: 'team-a', name: 'lab', managerServerId: 'missing' });
    token = host.token({ teamId: 'team-a', role: 'viewer', abilities: ['read'] });
    const web = new Hono<PluginEnv>();
    web.onError(webErrorHandler(ctx));
    web.use('*', requirePrincipal(ctx.host));
    web.route('/', eventRoutes(ctx, host.info));
    web.route('/', liveRoutes(ctx));
    app = new Hono().route(host.info.mounts.web, web);
  });

  afterEach(async () => {
    await ctx.live.stop();
    await ctx.connections.close();
  });

  function store(at: Date, fields: Partial<NewClusterEventRow> = {}): void {
    const ms = at.getTime();
    ctx.eventRepository.insertMany([
      {
        clusterId: cluster.id,
        eventType: 'service',
        action: 'update',
        actorId: `svc-${seq}`,
        actorName: 'web',
        attributes: { name: 'web' },
        timeNano: `${BigInt(ms) * 1_000_000n + BigInt(++seq)}`,
        eventTime: at.toISOString(),
        ...fields,
      },
    ]);
  }

  const get = (path: string, headers: Record<string, string> = {}, as = token) =>
    app.request(`${host.info.mounts.web}/${cluster.uuid}${path}`, { headers: { authorization: `Bearer ${as}`, ...headers } });
  const ids = (html: string) => [...html.matchAll(/data-event-id="(\d+)"/g)].map((m) => Number(m[1]));

  it('shows stored events newest first, inside the layout, with the section tabs and text-only Docker strings', async () => {
    const now = Date.now();
    store(new Date(now - 3000), { action: 'create', actorName: XSS, attributes: { name: XSS, 'com.docker.swarm.service.name': XSS } });
    store(new Date(now - 2000), {
      eventType: 'node',
      action: 'update',
      actorId: 'n1',
      actorName: 'worker-1',
      attributes: { name: 'worker-1', 'state.old': 'ready', 'state.new': 'down' },
    });
    store(new Date(now - 1000), { eventType: 'container', action: 'die', actorName: 'web.1', attributes: { exitCode: '137' } });
    const res = await get('/events');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('aria-current="page">Events</a>');
    expect(html).toContain(`data-live-url="${host.info.mounts.web}/${cluster.uuid}/live?since=${ctx.live.told(cluster.id)}"`);
    expect(ids(html)).toEqual([3, 2, 1]);
    expect(html).toContain('class="event kind-container tone-danger"');
    expect(html).toContain('state: ready → down');
    expect(html).toContain('exit code 137');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('filters by type, action, service, node (by hostname too) and time range', async () => {
    const now = Date.now();
    store(new Date(now - 2 * 3_600_000), { actorId: 'svc-old', actorName: 'old' });
    store(new Date(now - 5000), { eventType: 'node', actorId: 'node-1', actorName: 'worker-1' });
    store(new Date(now - 4000), {
      eventType: 'container',
      action: 'start',
      actorId: 'c1',
      actorName: 'web.1.x',
      attributes: { 'com.docker.swarm.service.name': 'web', 'com.docker.swarm.node.id': 'node-1' },
    });
    store(new Date(now - 3000), { actorId: 'svc-web', actorName: 'web' });
    const rows = async (query: string) => ids(await (await get(`/events/rows?${query}`, { 'HX-Request': 'true' })).text());
    expect(await rows('type=node')).toEqual([2]);
    expect(await rows('action=start')).toEqual([3]);
    expect(await rows('service=web')).toEqual([4, 3]);
    expect(await rows('node=worker-1')).toEqual([3, 2]);
    expect(await rows('range=1h')).toEqual([4, 3, 2]);
    expect(await rows('type=bogus&range=forever')).toEqual([4, 3, 2, 1]);
    const res = await get('/events/rows?type=node', { 'HX-Request': 'true' });
    expect(res.headers.get('HX-Push-Url')).toBe(`${host.info.mounts.web}/${cluster.uuid}/events?type=node`);
    expect(await res.text()).toMatch(/id="events-after"[^>]*value="4"|value="4"[^>]*id="events-after"/);
    expect(await (await get('/events?service=nothing')).text()).toContain('No events match');
  });

  it('loads more by cursor until the oldest, each event once', async () => {
    const start = Date.now() - 100_000;
    for (let i = 0; i < EVENTS_PAGE_SIZE + 7; i++) store(new Date(start + i * 100));
    const first = await (await get('/events')).text();
    const seen = ids(first);
    expect(seen).toHaveLength(EVENTS_PAGE_SIZE);
    const more = /hx-get="([^"]*before=\d+)"/.exec(first)![1]!.replaceAll('&amp;', '&');
    const rest = await (await app.request(more, { headers: { authorization: `Bearer ${token}`, 'HX-Request': 'true' } })).text();
    expect(rest).not.toContain('Load more');
    seen.push(...ids(rest));
    expect(seen).toEqual(Array.from({ length: EVENTS_PAGE_SIZE + 7 }, (_, i) => EVENTS_PAGE_SIZE + 7 - i));
  });

  it('answers live polls with what arrived after the cursor (or 204), moving the cursor', async () => {
    store(new Date(Date.now() - 1000));
    expect((await get('/events/rows?live=1&after=1', { 'HX-Request': 'true' })).status).toBe(204);
    store(new Date(), { eventType: 'node', actorId: 'n1' });
    store(new Date(), { actorId: 'svc-x' });
    const res = await get('/events/rows?live=1&after=1&type=service', { 'HX-Request': 'true' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(ids(html)).toEqual([3]);
    expect(html).toContain('hx-swap-oob="true"');
    expect(html).toMatch(/value="3"/);
    expect(html).toContain('id="events-empty" hx-swap-oob="delete"');
  });

  it('is a 404 for another team, on the page, the partial and the live stream', async () => {
    const stranger = host.token({ teamId: 'team-b', role: 'owner' });
    for (const path of ['/events', '/events/rows', '/live']) expect((await get(path, {}, stranger)).status).toBe(404);
    expect((await get('/events', {}, 'no-such-token')).status).toBe(401);
  });

  it('streams the status first, then status changes, and unsubscribes when the client goes', async () => {
    const res = await get('/live');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}: ${text}`);
        text += decoder.decode(value, { stream: true });
      }
    };
    await readUntil('event: status\ndata: {"state":"off"}\n\n');
    expect(text.startsWith('retry: 3000\n\n')).toBe(true);
    expect(ctx.live.subscriberCount(cluster.id)).toBe(1);

    // The cluster's manager is not a known server: the hub reports why it cannot stream.
    ctx.live.start();
    await readUntil('"state":"reconnecting"');
    expect(text).toMatch(/"reason":"no manager of the cluster answered: the cluster has no manager server"/);

    await reader.cancel();
    await vi.waitFor(() => expect(ctx.live.subscriberCount(cluster.id)).toBe(0));
  });

  it('starts with a swarm frame for a page rendered before events it was not told, and without one otherwise', async () => {
    const opening = async (since: string) => {
      const res = await get(`/live?since=${encodeURIComponent(since)}`);
      const reader = res.body!.getReader();
      let text = '';
      // The opening frames come in one piece; whatever follows would be the hub's.
      text += new TextDecoder().decode((await reader.read()).value);
      await reader.cancel();
      expect(text).toContain('event: status');
      return text;
    };
    expect(await opening(ctx.live.told(cluster.id))).not.toContain('event: swarm');
    expect(await opening('another-mark')).toContain('event: swarm\ndata: {"type":"stream","action":"missed"}\n\n');
  });

  it('frames gathered swarm events as one JSON line: the newest, how many, since when', () => {
    const frame = liveFrame({
      kind: 'events',
      count: 3,
      first: '2025-12-31T23:59:59.900Z',
      latest: { type: 'service', action: 'create', actorId: 'x', actorName: 'a\nb', time: '2026-01-01T00:00:00.000Z' },
    });
    expect(frame).toBe(
      'event: swarm\ndata: {"type":"service","action":"create","actorId":"x","actorName":"a\\nb","time":"2026-01-01T00:00:00.000Z","count":3,"first":"2025-12-31T23:59:59.900Z"}\n\n',
    );
  });

  it("encodes a message's frame once, the same bytes for every viewer it goes to", () => {
    const frameOf = sharedFrames();
    const message = {
      kind: 'events' as const,
      count: 2,
      first: '2026-01-01T00:00:00.000Z',
      latest: { type: 'service', action: 'update', actorId: 'y', actorName: 'web', time: '2026-01-01T00:00:00.100Z' },
    };
    const bytes = frameOf(message);
    expect(new TextDecoder().decode(bytes)).toBe(liveFrame(message));
    expect(frameOf(message)).toBe(bytes);
    // Another message (even an equal one) is its own frame.
    expect(frameOf({ ...message })).not.toBe(bytes);
    const status = { state: 'reconnecting' as const, since: '2026-01-01T00:00:01.000Z', reason: 'no manager answered' };
    expect(new TextDecoder().decode(frameOf({ kind: 'status', status }))).toBe(sseFrame('status', status));
  });
});
