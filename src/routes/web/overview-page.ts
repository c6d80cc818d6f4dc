/** The overview of a cluster (cards, resource row, node table) and its resource-row partial. */
import { type Context, Hono } from 'hono';
import { OverviewLive } from '../../../views/cluster-overview.tsx';
import { ResourceRow } from '../../../views/node-resources.tsx';
import type { HostInfo } from '../../contract/host.ts';
import { clusterHealth } from '../../domain/cluster-health.ts';
import { overviewCounts } from '../../domain/cluster-overview.ts';
import { isConverging } from '../../domain/convergence.ts';
import { nodesInTableOrder } from '../../domain/display-order.ts';
import { ClusterUnreachableError } from '../../services/errors.ts';
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

export function overviewRoutes(ctx: PageServices & Pick<PluginServices, 'state' | 'resources'>, info: HostInfo): Hono<PluginEnv> {
  const app = new Hono<PluginEnv>();
  const scope = clusterScope(ctx);

  async function live(c: Context<PluginEnv>) {
    const cluster = c.get('cluster');
    const urls = clusterUrls(info, cluster.uuid);
    return renderLive(c, ctx, { id: 'cl-overview', url: urls.base }, async () => {
      const [nodes, services, tasks, engine] = await Promise.all([
        ctx.state.nodes(cluster),
        ctx.state.services(cluster),
        ctx.state.tasks(cluster),
        ctx.state.info(cluster),
      ]);
      const meta = mergeMeta(nodes, services, tasks, engine);
      const health = meta.stale
        ? { status: 'unreachable', reasons: [meta.reason ?? 'no manager answered'] }
        : clusterHealth({ nodes: nodes.data, services: services.data });
      return OverviewLive({
        url: urls.base,
        resourcesUrl: urls.resources,
        meta,
        since: unreachableSince(cluster),
        health,
        dockerVersion: engine.data.ServerVersion ?? cluster.metadata?.dockerVersion ?? null,
        swarmId: cluster.swarmId,
        counts: overviewCounts({ nodes: nodes.data, services: services.data, tasks: tasks.data }),
        nodes: nodesInTableOrder(nodes.data),
        canOperate: await canOperate(ctx, c.get('principal'), c.get('clusterServers')),
        converging: isConverging({ services: services.data, tasks: tasks.data }),
      });
    });
  }

  app.get('/:uuid', scope, async (c) => regionOrPage(c, ctx, info, { title: 'Overview', section: 'overview', region: await live(c) }));

  app.get('/:uuid/resources', scope, async (c) => {
    const cluster = c.get('cluster');
    const url = clusterUrls(info, cluster.uuid).resources;
    const since = Date.now();
    try {
      const nodes = await ctx.state.nodes(cluster);
      const readings = await ctx.resources.read(cluster, nodes.data, since);
      return htmlFragment(c, ResourceRow({ url, nodes: nodesInTableOrder(nodes.data), readings }));
    } catch (error) {
      if (!(error instanceof ClusterUnreachableError)) throw error;
      return htmlFragment(c, ResourceRow({ url, nodes: [], readings: [], note: `The node list is unavailable: ${error.message}` }));
    }
  });

  return app;
}
