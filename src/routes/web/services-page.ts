/** The services of a cluster, and the partial of one service's row group (expanded to its tasks, or not). */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { ServiceGroup, ServicesLive } from '../../../views/services-table.tsx';
import type { HostInfo } from '../../contract/host.ts';
import { isConverging } from '../../domain/convergence.ts';
import { servicesByName } from '../../domain/display-order.ts';
import { groupBy } from '../../domain/group-by.ts';
import { MAX_REPLICAS } from '../../domain/service-scale.ts';
import type { TaskView } from '../../domain/swarm-views.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import type { PluginEnv } from '../auth.ts';
import {
  canOperate,
  clusterScope,
  clusterUrls,
  htmlFragment,
  mergeMeta,
  type PageServices,
  regionOrPage,
  renderLive,
  unreachableSince,
} from './page-support.ts';

/** Ids of the expanded rows sent back by the live refresh; unknown ones are ignored. */
const openIds = z.array(z.string().max(100)).max(500);

export function servicesRoutes(ctx: PageServices & Pick<PluginServices, 'state'>, info: HostInfo): Hono<PluginEnv> {
  const app = new Hono<PluginEnv>();
  const scope = clusterScope(ctx);

  async function live(c: Context<PluginEnv>) {
    const cluster = c.get('cluster');
    const urls = clusterUrls(info, cluster.uuid);
    return renderLive(c, ctx, { id: 'cl-services', url: urls.services }, async () => {
      const [services, tasks, nodes] = await Promise.all([ctx.state.services(cluster), ctx.state.tasks(cluster), ctx.state.nodes(cluster)]);
      const open = new Set(openIds.catch([]).parse(c.req.queries('open') ?? []));
      const byService = groupBy(tasks.data, (t) => (open.has(t.serviceId) ? t.serviceId : null));
      const expanded = new Map<string, TaskView[]>();
      for (const s of services.data) if (open.has(s.id)) expanded.set(s.id, byService.get(s.id) ?? []);
      return ServicesLive({
        url: urls.services,
        meta: mergeMeta(services, tasks, nodes),
        since: unreachableSince(cluster),
        services: servicesByName(services.data),
        expanded,
        nodeNames: new Map(nodes.data.map((n) => [n.id, n.hostname])),
        groupUrl: urls.serviceGroup,
        canOperate: await canOperate(ctx, c.get('principal')),
        base: urls.base,
        maxReplicas: MAX_REPLICAS,
        converging: isConverging({ services: services.data, tasks: tasks.data }),
      });
    });
  }

  app.get('/:uuid/services', scope, async (c) => regionOrPage(c, ctx, info, { title: 'Services', section: 'services', region: await live(c) }));

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
        canOperate: await canOperate(ctx, c.get('principal')),
        base: urls.base,
        maxReplicas: MAX_REPLICAS,
      }),
    );
  });

  return app;
}
