/** Browser pages, rendered inside the host's layout; each section of a cluster at its own URL. */
import { Hono } from 'hono';
import type { HostInfo } from '../../contract/host.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import { type PluginEnv, requirePrincipal } from '../auth.ts';
import { addNodeRoutes } from './add-node.ts';
import { applicationSwarmForm } from './application-swarm/index.ts';
import { applicationTaskRoutes } from './application-widget.ts';
import { clusterListRoutes } from './cluster-list.ts';
import { eventRoutes } from './events.ts';
import { hostKeyPanel } from './host-key.ts';
import { liveRoutes } from './live.ts';
import { nodeActionRoutes } from './node-actions.ts';
import { overviewRoutes } from './overview-page.ts';
import { webAssets, webErrorHandler } from './page-support.ts';
import { settingsRoutes } from './settings-page.ts';
import { stacksRoutes } from './stacks-page.ts';
import { swarmObjectRoutes } from './swarm-objects-page.ts';
import { swarmServiceActionRoutes } from './swarm-service-actions.ts';
import { swarmServicesRoutes } from './swarm-services-page.ts';
import { teamNotificationRoutes } from './team-notifications-page.ts';
import { visualizerRoutes } from './visualizer-page.ts';

export function clusterWeb(ctx: PluginServices, info: HostInfo): Hono<PluginEnv> {
  const app = new Hono<PluginEnv>();
  app.onError(webErrorHandler(ctx));
  // Static CSS and scripts: no principal needed, and before `/:uuid` so "assets" is never a cluster.
  app.route('/assets', webAssets(info).routes());
  app.use('*', requirePrincipal(ctx.host));
  app.use('*', async (c, next) => {
    await next();
    c.header('Vary', 'HX-Request', { append: true });
  });

  app.route('/', clusterListRoutes(ctx, info));
  // Before `/:uuid`: "notifications" is never a cluster.
  app.route('/', teamNotificationRoutes(ctx, info));
  app.route('/applications', applicationTaskRoutes(ctx, info));
  // A host with a deploy form of its own turns ours off: its routes are gone too.
  if (ctx.deploys.offersForm) app.route('/applications', applicationSwarmForm(ctx, info).routes);
  app.route('/servers', hostKeyPanel(ctx, info).routes);
  app.route('/', overviewRoutes(ctx, info));
  app.route('/', swarmServicesRoutes(ctx, info));
  app.route('/', stacksRoutes(ctx, info));
  app.route('/', visualizerRoutes(ctx, info));
  app.route('/', eventRoutes(ctx, info));
  app.route('/', liveRoutes(ctx));
  app.route('/', nodeActionRoutes(ctx, info));
  app.route('/', swarmServiceActionRoutes(ctx, info));
  app.route('/', swarmObjectRoutes(ctx, info));
  app.route('/', addNodeRoutes(ctx, info));
  app.route('/', settingsRoutes(ctx, info));
  return app;
}
