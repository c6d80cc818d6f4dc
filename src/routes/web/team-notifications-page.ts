/** The team's notification choices for all its clusters (a cluster's Settings tab may choose otherwise for itself). */
import { type Context, Hono } from 'hono';
import { NotificationPreferencesForm, TeamNotificationsPage } from '../../../views/cluster-settings.tsx';
import type { HostInfo } from '../../contract/host.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import { allows, type PluginEnv, requireAction } from '../auth.ts';
import { notificationChoices } from './notification-choices.ts';
import { htmlFragment, layoutPage, pageAssets } from './page-support.ts';

export function teamNotificationRoutes(ctx: Pick<PluginServices, 'host' | 'notificationPreferences'>, info: HostInfo): Hono<PluginEnv> {
  const app = new Hono<PluginEnv>();
  const action = `${info.mounts.web}/notifications`;
  const kinds = (c: Context<PluginEnv>) => ctx.notificationPreferences.list(c.get('principal').teamId, null);

  app.get('/notifications', requireAction(ctx.host, 'cluster.view'), async (c) => {
    const canEdit = await allows(ctx.host, c.get('principal'), 'cluster.update');
    const body = TeamNotificationsPage({ kinds: kinds(c), action, canEdit, clustersUrl: info.mounts.web });
    return layoutPage(c, ctx, { title: 'Cluster notifications', body, assets: pageAssets(info) });
  });

  app.post('/notifications', requireAction(ctx.host, 'cluster.update'), async (c) => {
    const { change, errors } = notificationChoices(await c.req.parseBody());
    if (Object.keys(errors).length) return htmlFragment(c, NotificationPreferencesForm({ action, kinds: kinds(c), canEdit: true, errors, team: true }));
    ctx.notificationPreferences.save(c.get('principal').teamId, null, change);
    return htmlFragment(c, NotificationPreferencesForm({ action, kinds: kinds(c), canEdit: true, saved: true, team: true }));
  });

  return app;
}
