/**
 * The events page of a cluster (`/:uuid/events`) and its rows partial (`/:uuid/events/rows`): the first
 * page for a set of filters, the next older page ("load more", `before`), or what arrived after the
 * cursor (`live=1&after=`), which the page prepends on each swarm event.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { EVENT_RANGES, EVENT_TYPES, type EventFilterValues, type EventItemView, EventRows, EventsSection } from '../../../views/cluster-events.tsx';
import type { HostInfo } from '../../contract/host.ts';
import type { Cluster } from '../../domain/cluster.ts';
import type { EventQuery, StoredEvent } from '../../domain/stored-event.ts';
import { eventDetails, eventKind, eventTone } from '../../domain/swarm-event-effects.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import type { PluginEnv } from '../auth.ts';
import { clusterPage, clusterScope, clusterUrls, htmlFragment, type PageServices, webAssets } from './page-support.ts';

export const EVENTS_PAGE_SIZE = 50;

const RANGE_MS: Record<string, number> = { '15m': 900_000, '1h': 3_600_000, '6h': 21_600_000, '24h': 86_400_000, '7d': 604_800_000 };

/** Filters from the query string; a value that does not parse is dropped rather than failing the page. */
const filterQuery = z.object({
  type: z.enum(EVENT_TYPES as [string, ...string[]]).catch(''),
  action: z.string().trim().max(50).catch(''),
  service: z.string().trim().max(200).catch(''),
  node: z.string().trim().max(200).catch(''),
  range: z.enum(EVENT_RANGES.map((r) => r.value) as [string, ...string[]]).catch(''),
});
const cursorQuery = z.object({
  before: z.coerce.number().int().positive().optional().catch(undefined),
  after: z.coerce.number().int().nonnegative().optional().catch(undefined),
  live: z.literal('1').optional().catch(undefined),
});

function filtersOf(c: Context): EventFilterValues {
  return filterQuery.parse({
    type: c.req.query('type') ?? '',
    action: c.req.query('action') ?? '',
    service: c.req.query('service') ?? '',
    node: c.req.query('node') ?? '',
    range: c.req.query('range') ?? '',
  });
}

function searchOf(filters: EventFilterValues, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra })) if (value) params.set(key, value);
  const search = params.toString();
  return search ? `?${search}` : '';
}

export function toEventItem(row: StoredEvent): EventItemView {
  return {
    id: row.id,
    type: row.eventType,
    kind: eventKind(row.eventType),
    tone: eventTone(row.action),
    action: row.action,
    actorId: row.actorId,
    actorName: row.actorName,
    time: row.eventTime,
    timeNano: row.timeNano,
    principal: row.principal,
    details: eventDetails(row.attributes),
  };
}

export function eventRoutes(ctx: PageServices & Pick<PluginServices, 'eventHistory'>, info: HostInfo): Hono<PluginEnv> {
  const app = new Hono<PluginEnv>();
  const scope = clusterScope(ctx);

  /** The query of a set of filters. */
  function queryOf(filters: EventFilterValues, limit: number): EventQuery {
    return {
      type: filters.type || undefined,
      action: filters.action || undefined,
      service: filters.service ? [filters.service] : undefined,
      node: filters.node ? [filters.node] : undefined,
      since: filters.range ? new Date(Date.now() - RANGE_MS[filters.range]!).toISOString() : undefined,
      limit,
    };
  }

  /** One page of rows, and the URL of the next one when the page is full. */
  function page(cluster: Cluster, filters: EventFilterValues, beforeId?: number) {
    const rows = ctx.eventHistory.list(cluster, { ...queryOf(filters, EVENTS_PAGE_SIZE), beforeId });
    const last = rows.at(-1);
    const moreUrl = rows.length === EVENTS_PAGE_SIZE && last ? `${clusterUrls(info, cluster.uuid).base}/events/rows?before=${last.id}` : null;
    return { rows: rows.map(toEventItem), moreUrl };
  }

  app.get('/:uuid/events', scope, async (c) => {
    const cluster = c.get('cluster');
    const urls = clusterUrls(info, cluster.uuid);
    const filters = filtersOf(c);
    // Read together (no await between): an event stored meanwhile is either on the page or after the cursor.
    const first = page(cluster, filters);
    const after = ctx.eventHistory.newestId(cluster);
    const children = EventsSection({
      pageUrl: `${urls.base}/events`,
      rowsUrl: `${urls.base}/events/rows`,
      filters,
      suggestions: {
        services: ctx.eventHistory.actorNames(cluster, 'service'),
        nodes: ctx.eventHistory.actorNames(cluster, 'node'),
      },
      rows: first.rows,
      moreUrl: first.moreUrl,
      after,
    });
    return clusterPage(c, ctx, info, { title: 'Events', section: 'events', children, styles: [webAssets(info).url('cluster-events.css')] });
  });

  app.get('/:uuid/events/rows', scope, async (c) => {
    const cluster = c.get('cluster');
    const filters = filtersOf(c);
    const cursor = cursorQuery.parse({ before: c.req.query('before'), after: c.req.query('after'), live: c.req.query('live') });
    if (cursor.live) {
      // Arrivals since the cursor, newest first, prepended by the page; the cursor moves past them.
      const newest = ctx.eventHistory.newestId(cluster);
      if (newest <= (cursor.after ?? 0)) return c.body(null, 204);
      const rows = ctx.eventHistory.list(cluster, { ...queryOf(filters, 500), afterId: cursor.after ?? 0 });
      const emptyNotice = rows.length ? 'remove' : undefined;
      return htmlFragment(c, EventRows({ rows: rows.map(toEventItem), moreUrl: null, cursor: newest, emptyNotice }));
    }
    if (cursor.before) {
      const next = page(cluster, filters, cursor.before);
      return htmlFragment(c, EventRows({ rows: next.rows, moreUrl: next.moreUrl }));
    }
    // New filters: the first page, a fresh cursor, and the page URL in the address bar.
    const first = page(cluster, filters);
    c.header('HX-Push-Url', `${clusterUrls(info, cluster.uuid).base}/events${searchOf(filters)}`);
    const emptyNotice = first.rows.length ? undefined : 'show';
    return htmlFragment(c, EventRows({ rows: first.rows, moreUrl: first.moreUrl, cursor: ctx.eventHistory.newestId(cluster), emptyNotice }));
  });

  return app;
}
