/** The services of a cluster, and the partial of one service's row group (expanded to its tasks, or not). */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { ServiceMenu } from '../../../views/service-actions.tsx';
import { ServiceFilters } from '../../../views/service-filters.tsx';
import { ServiceGroup, ServicesLive } from '../../../views/services-table.tsx';
import type { HostInfo } from '../../contract/host.ts';
import { isConverging } from '../../domain/convergence.ts';
import { servicesByName } from '../../domain/display-order.ts';
import { groupBy } from '../../domain/group-by.ts';
import { isFiltered, SERVICE_MODES, serviceListPage, stackNames } from '../../domain/service-list.ts';
import { MAX_REPLICAS } from '../../domain/service-scale.ts';
import type { TaskSummary } from '../../domain/swarm-summaries.ts';
import { SERVICE_PAGE_SIZES, servicePageInput } from '../../services/cluster-inputs.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import { queryParams } from '../api/validate.ts';
import { authorize, type PluginEnv } from '../auth.ts';
import {
  canOperate,
  clusterPage,
  clusterScope,
  clusterUrls,
  htmlFragment,
  isPartial,
  mergeMeta,
  type PageServices,
  renderLive,
  unreachableSince,
} from './page-support.ts';
import { RenderedRegion, renderedRegion } from './region-cache.ts';

/** Ids of the expanded rows sent back by the live refresh; unknown ones are ignored. */
const openIds = z.array(z.string().max(100)).max(500);

/** The element id of the live region: its own refreshes say so in `HX-Trigger`. */
const REGION_ID = 'cl-services';

export function swarmServicesRoutes(ctx: PageServices & Pick<PluginServices, 'state'>, info: HostInfo): Hono<PluginEnv> {
  const app = new Hono<PluginEnv>();
  const scope = clusterScope(ctx);

  /** The list's region, and what the page around it needs: the stacks to filter by, the list's own URL. */
  async function live(c: Context<PluginEnv>) {
    const cluster = c.get('cluster');
    const urls = clusterUrls(info, cluster.uuid);
    // `open` and `settle` ride along with the query: the page reads only its own fields.
    const { offset, limit, ...filter } = queryParams(c, servicePageInput);
    const around = { stacks: [] as string[], url: urls.serviceList({ ...filter, limit, offset }) };
    const region = await renderLive(c, ctx, { id: REGION_ID, url: around.url }, async () => {
      const [services, tasks, nodes] = await Promise.all([ctx.state.services(cluster), ctx.state.tasks(cluster), ctx.state.nodes(cluster)]);
      const page = serviceListPage(servicesByName(services.data), filter, { offset, limit });
      around.stacks = stackNames(services.data);
      around.url = urls.serviceList({ ...filter, limit, offset: page.offset });
      const open = [...new Set(openIds.catch([]).parse(c.req.queries('open') ?? []))].sort();
      const operate = await canOperate(ctx, c.get('principal'), c.get('clusterServers'));
      const meta = mergeMeta(services, tasks, nodes);
      const since = unreachableSince(cluster);
      // Rendered once per snapshot and choice (page, search, expanded rows, permission): the viewers asking after
      // one event share it.
      return renderedRegion([services.data, tasks.data, nodes.data], JSON.stringify([around.url, open, operate, meta, since]), () => {
        const opened = new Set(open);
        const byService = groupBy(tasks.data, (t) => (opened.has(t.serviceId) ? t.serviceId : null));
        const expanded = new Map<string, TaskSummary[]>();
        for (const s of page.services) if (opened.has(s.id)) expanded.set(s.id, byService.get(s.id) ?? []);
        return ServicesLive({
          url: around.url,
          meta,
          since,
          services: page.services,
          expanded,
          nodeNames: new Map(nodes.data.map((n) => [n.id, n.hostname])),
          groupUrl: urls.serviceGroup,
          canOperate: operate,
          base: urls.base,
          maxReplicas: MAX_REPLICAS,
          converging: isConverging({ services: services.data, tasks: tasks.data }),
          listing: {
            filtered: isFiltered(filter),
            matching: page.matching,
            total: page.total,
            offset: page.offset,
            limit,
            pageUrl: (to) => urls.serviceList({ ...filter, limit, offset: to }),
            clearUrl: urls.services,
          },
        });
      });
    });
    return { region, filter, limit, ...around };
  }

  app.get('/:uuid/services', scope, async (c) => {
    const { region, filter, limit, stacks, url } = await live(c);
    if (isPartial(c)) {
      // A search, a filter or another page: the address bar follows, so a reload or a shared link shows the same
      // list. The region's own refreshes leave the history alone.
      if (c.req.header('HX-Trigger') !== REGION_ID) c.header('HX-Replace-Url', url);
      return htmlFragment(c, region);
    }
    const filters = ServiceFilters({
      url: clusterUrls(info, c.get('cluster').uuid).services,
      filter,
      stacks,
      modes: SERVICE_MODES,
      limit,
      pageSizes: SERVICE_PAGE_SIZES,
    });
    return clusterPage(c, ctx, info, {
      title: 'Services',
      section: 'services',
      children: [filters, region instanceof RenderedRegion ? region.markup() : region],
    });
  });

  app.get('/:uuid/services/:serviceId', scope, async (c) => {
    const cluster = c.get('cluster');
    const urls = clusterUrls(info, cluster.uuid);
    const service = await ctx.state.service(cluster, c.req.param('serviceId'));
    const open = c.req.query('open') === '1';
    const [tasks, nodes] = open ? await Promise.all([ctx.state.tasks(cluster, { serviceId: service.data.id }), ctx.state.nodes(cluster)]) : [null, null];
    return htmlFragment(
      c,
      ServiceGroup({
        service: service.data,
        tasks: tasks?.data ?? null,
        nodeNames: new Map((nodes?.data ?? []).map((n) => [n.id, n.hostname])),
        groupUrl: urls.serviceGroup,
        canOperate: await canOperate(ctx, c.get('principal'), c.get('clusterServers')),
        base: urls.base,
        maxReplicas: MAX_REPLICAS,
      }),
    );
  });

  // A row's Actions menu, asked for when first opened (the pages' script): the list carries no buttons per row.
  app.get('/:uuid/services/:serviceId/actions', scope, async (c) => {
    const cluster = c.get('cluster');
    await authorize(ctx.host, c.get('principal'), 'cluster.operate', c.get('clusterServers'));
    const service = await ctx.state.service(cluster, c.req.param('serviceId'));
    return htmlFragment(c, ServiceMenu({ service: service.data, base: clusterUrls(info, cluster.uuid).base, maxReplicas: MAX_REPLICAS }));
  });

  return app;
}
