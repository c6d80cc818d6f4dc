/**
 * What every cluster page handler shares: rendering inside the host's layout, the team-scoped cluster
 * lookup (another team's cluster is a 404 page, before any permission check), whether the viewer may
 * operate the cluster, partial-versus-page detection, the URLs of a cluster's pages, and the answer to
 * failures (a 404 page, or a short fragment for htmx).
 */
import type { Context, ErrorHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ClusterSection } from '../../../views/cluster-nav.tsx';
import { type ClusterHeader, ClusterPage } from '../../../views/cluster-page.tsx';
import { ErrorNotice, ErrorPage } from '../../../views/error-notice.tsx';
import { type FetchedMeta, UnreachableState } from '../../../views/fetch-notice.tsx';
import { LiveRegion } from '../../../views/live-region.tsx';
import { type PageAssets, PageHead } from '../../../views/page-head.tsx';
import { hostGives } from '../../contract/check.ts';
import type { ClusterServerRef, HostInfo, Principal } from '../../contract/host.ts';
import type { Cluster } from '../../domain/cluster.ts';
import type { ServiceFilter } from '../../domain/service-list.ts';
import { SERVICE_PAGE_SIZES } from '../../services/cluster-inputs.ts';
import { ClusterUnreachableError } from '../../services/errors.ts';
import type { Fetched } from '../../services/last-known.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import { allows, authorize, type PluginEnv } from '../auth.ts';
import { errorBody, reportFailure, withoutAddresses } from '../errors.ts';
import { type PluginAssets, pluginAssets } from './assets.ts';
import { LIVE_VERSION_HEADER, regionAnswer, stampLiveRegions } from './live-patch.ts';
import { RenderedRegion } from './region-cache.ts';

type Html = { toString(): string | Promise<string> };

/** What the pages of one cluster share: the host (layout, auth), the team's clusters, live streams, fresh reads. */
export type PageServices = Pick<PluginServices, 'host' | 'clusters' | 'live' | 'converging'>;

export function isPartial(c: Context): boolean {
  return c.req.header('HX-Request') === 'true' && c.req.header('HX-Boosted') !== 'true';
}

/**
 * An htmx fragment. A live region asked for by the live script, which says the version it shows, gets only what
 * changed since (live-patch.ts).
 */
export async function htmlFragment(c: Context, body: Html, status: ContentfulStatusCode = 200): Promise<Response> {
  const html = await body.toString();
  const shown = c.req.header(LIVE_VERSION_HEADER);
  if (shown === undefined || status !== 200 || !LIVE_REGION.test(html)) return c.html(html, status);
  c.header('Vary', LIVE_VERSION_HEADER, { append: true });
  const answer = regionAnswer(html, shown === 'none' ? null : shown, body instanceof RenderedRegion ? body.version : undefined);
  c.header(LIVE_VERSION_HEADER, answer.version);
  if (answer.kind === 'unchanged') return c.body(null, 204);
  if (answer.kind === 'patch') c.header('HX-Reswap', 'none');
  return c.html(answer.html, 200);
}

/** The start of a live region's markup (views/live-region.tsx). */
const LIVE_REGION = /^<div id="[^"]+" class="cl-live[\s"]/;

/** A page's stylesheets and scripts, and where this host's layout has them. */
export interface PluginPageAssets extends PageAssets {
  /** In the document's head (a host of contract 1.4 and later), else at the start of the body. */
  inHead: boolean;
}

export async function layoutPage(
  c: Context,
  ctx: Pick<PluginServices, 'host'>,
  page: { title: string; body: Html; status?: ContentfulStatusCode; assets?: PluginPageAssets },
): Promise<Response> {
  const body = await page.body.toString();
  const assets = page.assets ? await PageHead({ assets: page.assets }).toString() : '';
  const html = await ctx.host.layout.render({
    title: page.title,
    body: page.assets?.inHead === false ? assets + body : body,
    head: page.assets?.inHead ? assets : undefined,
    request: c.req.raw,
    active: 'clusters',
  });
  return c.html(html, page.status ?? 200);
}

const assetsByMount = new Map<string, PluginAssets>();

/** The plugin's assets under the web mount, read from disk once per mount. */
export function webAssets(info: HostInfo): PluginAssets {
  let assets = assetsByMount.get(info.mounts.web);
  if (!assets) {
    assets = pluginAssets(info.mounts.web);
    assetsByMount.set(info.mounts.web, assets);
  }
  return assets;
}

/** The plugin's stylesheet, and the scripts of a cluster's pages when they run in it, with `styles` of its own. */
export function pageAssets(info: HostInfo, opts: { clusterScripts?: boolean; styles?: string[] } = {}): PluginPageAssets {
  const assets = webAssets(info);
  return {
    styles: [assets.url('clusters.css'), ...(opts.styles ?? [])],
    scripts: opts.clusterScripts ? [assets.url('cluster-page.js')] : [],
    inHead: hostGives(info.contractVersion, '1.4'),
  };
}

/** The URLs of one cluster's pages and partials. */
export function clusterUrls(info: HostInfo, uuid: string) {
  const base = `${info.mounts.web}/${uuid}`;
  return {
    base,
    live: `${base}/live`,
    resources: `${base}/resources`,
    services: `${base}/services`,
    /** The services list with a search, filters and an offset: only what is set, so the address bar stays short. */
    serviceList: (query: ServiceFilter & { offset?: number; limit?: number }) => {
      const params = new URLSearchParams();
      for (const key of ['q', 'stack', 'mode', 'health'] as const) if (query[key]) params.set(key, query[key]);
      if (query.limit && query.limit !== SERVICE_PAGE_SIZES[0]) params.set('limit', String(query.limit));
      if (query.offset) params.set('offset', String(query.offset));
      const search = params.toString();
      return `${base}/services${search ? `?${search}` : ''}`;
    },
    serviceGroup: (serviceId: string, open: boolean) => `${base}/services/${encodeURIComponent(serviceId)}${open ? '?open=1' : ''}`,
    visualizer: `${base}/visualizer`,
    /** The groups of the visualizer's tasks (`?key=`, `&open=1`: the pages' script asks them). */
    visualizerGroups: `${base}/visualizer/group`,
    /** The topology drawing, a live region of its own (asked for when first shown). */
    visualizerTopology: `${base}/visualizer/topology`,
    task: (taskId: string) => `${base}/tasks/${encodeURIComponent(taskId)}`,
    taskLogs: (taskId: string) => `${base}/tasks/${encodeURIComponent(taskId)}/logs`,
  };
}

export function clusterHeader(cluster: Cluster): ClusterHeader {
  return {
    uuid: cluster.uuid,
    name: cluster.name,
    description: cluster.description,
    status: cluster.status,
    statusReason: cluster.statusReason,
    statusChangedAt: cluster.statusChangedAt,
    lastSyncAt: cluster.metadata?.lastSyncAt ?? null,
  };
}

/** A full page of one cluster: the cluster frame (header, tabs, live stream) around `children`, in the host's layout. */
export async function clusterPage(
  c: Context<PluginEnv>,
  ctx: Pick<PluginServices, 'host' | 'live'>,
  info: HostInfo,
  page: { title: string; section: ClusterSection; children: Child; styles?: string[] },
): Promise<Response> {
  const cluster = c.get('cluster');
  const urls = clusterUrls(info, cluster.uuid);
  const maySync = await allows(ctx.host, c.get('principal'), 'cluster.update', c.get('clusterServers'));
  const body = ClusterPage({
    cluster: clusterHeader(cluster),
    base: urls.base,
    listUrl: info.mounts.web,
    // The events told when the page was rendered: its stream, once open, says whether it missed any.
    liveUrl: `${urls.live}?since=${encodeURIComponent(ctx.live.told(cluster.id))}`,
    section: page.section,
    liveState: ctx.live.status(cluster.id)?.state ?? 'off',
    syncUrl: maySync ? `${urls.base}/sync` : undefined,
    children: page.children,
  });
  // Its live regions carry their versions, so their first live update is already a patch.
  const html = stampLiveRegions(await body.toString());
  return layoutPage(c, ctx, {
    title: `${page.title} · ${cluster.name}`,
    body: { toString: () => html },
    assets: pageAssets(info, { clusterScripts: true, styles: page.styles }),
  });
}

/** A page's live region alone for htmx (its own refresh), else the cluster page around it. */
export function regionOrPage(
  c: Context<PluginEnv>,
  ctx: Pick<PluginServices, 'host' | 'live'>,
  info: HostInfo,
  page: { title: string; section: ClusterSection; region: Html & Child },
): Promise<Response> {
  if (isPartial(c)) return htmlFragment(c, page.region);
  return clusterPage(c, ctx, info, { title: page.title, section: page.section, children: page.region });
}

/** A live region asking again while the swarm converges wants its reads fresh (rate-limited per cluster). */
function settleIfAsked(c: Context<PluginEnv>, ctx: Pick<PluginServices, 'converging'>): void {
  if (c.req.query('settle') === '1') ctx.converging.refresh(c.get('cluster'));
}

/** When the cluster became unreachable, for "manager unreachable since HH:MM". */
export function unreachableSince(cluster: Cluster): string | null {
  return cluster.status === 'unreachable' ? cluster.statusChangedAt : null;
}

/**
 * A live region's render: fresh reads first when it asks to settle; when no manager answers, the region
 * (with its id and URL, so it keeps asking) holding the unreachable state (SSH addresses for operators only).
 */
export async function renderLive<Region>(
  c: Context<PluginEnv>,
  ctx: Pick<PluginServices, 'converging' | 'host'>,
  region: { id: string; url: string },
  render: () => Promise<Region>,
): Promise<Region | ReturnType<typeof LiveRegion>> {
  settleIfAsked(c, ctx);
  try {
    return await render();
  } catch (error) {
    if (!(error instanceof ClusterUnreachableError)) throw error;
    const reason = (await canOperate(ctx, c.get('principal'), c.get('clusterServers'))) ? error.message : withoutAddresses(error.message);
    return LiveRegion({ ...region, children: UnreachableState({ reason, since: unreachableSince(c.get('cluster')) }) });
  }
}

/** Several reads as one: stale if any is, as old as the oldest. */
export function mergeMeta(...parts: Fetched<unknown>[]): FetchedMeta {
  const stale = parts.find((p) => p.stale);
  const fetchedAt = parts.map((p) => p.fetchedAt).sort()[0] ?? new Date().toISOString();
  return stale ? { stale: true, fetchedAt, reason: stale.reason } : { stale: false, fetchedAt };
}

/** Whether the principal may operate clusters, this one's servers (`clusterServers`) when a cluster is loaded. */
export function canOperate(ctx: Pick<PluginServices, 'host'>, principal: Principal, servers?: ClusterServerRef[]): Promise<boolean> {
  return allows(ctx.host, principal, 'cluster.operate', servers);
}

/** The principal of a widget's request (the host's page) when it may view clusters; null: no widget. */
export async function widgetViewer(ctx: Pick<PluginServices, 'host'>, request: Request): Promise<Principal | null> {
  const principal = await ctx.host.auth.principal({ request });
  return principal && (await allows(ctx.host, principal, 'cluster.view')) ? principal : null;
}

/**
 * Resolves `:uuid` in the principal's team (404 otherwise), then checks it may be viewed (403), on its servers
 * (404 when the host keeps the member from them).
 */
export function clusterScope(ctx: Pick<PluginServices, 'host' | 'clusters'>) {
  return createMiddleware<PluginEnv>(async (c, next) => {
    const cluster = ctx.clusters.get(c.get('principal').teamId, c.req.param('uuid') ?? '');
    c.set('cluster', cluster);
    c.set('clusterServers', ctx.clusters.serverRefs(cluster));
    await authorize(ctx.host, c.get('principal'), 'cluster.view', c.get('clusterServers'));
    await next();
  });
}

const PAGE_TITLES: Partial<Record<number, string>> = { 403: 'Forbidden', 404: 'Not found', 500: 'Something went wrong' };

/**
 * Failures of pages, through the one error path (routes/errors.ts): htmx gets the message as a partial,
 * a browser the page. What is not in the team is a 404 that says no more than that.
 */
export function webErrorHandler(ctx: Pick<PluginServices, 'host'>): ErrorHandler<PluginEnv> {
  return async (error, c) => {
    c.header('Vary', 'HX-Request');
    const report = await reportFailure(c, ctx.host, error);
    if (report.status === 401) return c.json(errorBody(report), 401);
    const notice = report.status === 404 ? { message: 'Nothing here, or not in your team.' } : { message: report.message, requestId: report.requestId };
    if (c.req.header('HX-Request') === 'true') return htmlFragment(c, ErrorNotice(notice), report.status);
    const title = PAGE_TITLES[report.status] ?? 'Refused';
    return layoutPage(c, ctx, { title, body: ErrorPage({ title, ...notice }), status: report.status });
  };
}
