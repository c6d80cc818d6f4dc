/** Browser pages, rendered inside the host's layout. */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { HostInfo } from '../../contract/host.ts';
import type { PluginContext } from '../../plugin-context.ts';
import { ClusterList } from '../../../views/cluster-list.tsx';
import { requireAction, requirePrincipal, type PluginEnv } from '../auth.ts';

export function clusterWeb(ctx: PluginContext, info: HostInfo): Hono<PluginEnv> {
  const app = new Hono<PluginEnv>();
  app.onError((error, c) => {
    if (error instanceof HTTPException) return c.text(error.message, error.status);
    ctx.host.logger.error('cluster page failed', { path: c.req.path, error: error.message });
    return c.text('Something went wrong.', 500);
  });
  app.use('*', requirePrincipal(ctx.host));

  app.get('/', requireAction(ctx.host, 'cluster.view'), async (c) => {
    const clusters = ctx.clusters.list(c.get('principal').teamId).map((cl) => ({
      uuid: cl.uuid,
      name: cl.name,
      type: cl.type,
      status: cl.status,
      statusReason: cl.statusReason,
      metadata: cl.metadata,
      href: `${info.mounts.web}/${cl.uuid}`,
    }));
    const body = ClusterList({ clusters }).toString();
    c.header('Vary', 'HX-Request');
    return c.html(await ctx.host.layout.render({ title: 'Clusters', body, request: c.req.raw, active: 'clusters' }));
  });

  return app;
}
