/** The team's notification choices for all its clusters (a cluster's Settings tab may choose otherwise for itself). */
import { type Context, Hono } from 'hono';
import { NotificationPreferencesForm, TeamNotificationsPage } from '../../../views/cluster-settings.tsx';
import type { HostInfo } from '../../contract/host.ts';
import { DELIVERY_MODES, type DeliveryMode, NOTIFICATION_KINDS, type NotificationKind } from '../../domain/notification-kinds.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import { allows, type PluginEnv, requireAction } from '../auth.ts';
import { htmlFragment, layoutPage, pageAssets } from './page-support.ts';

export function teamNotificationRoutes(ctx: Pick<PluginServices, 'host' | 'notificationPreferences'>, info: HostInfo): Hono<PluginEnv> {
  const app = new Hono<PluginEnv>();
  const action = `${info.mounts.web}/notifications`;
  const kinds = (c: Context<PluginEnv>) => ctx.notificationPreferences.list(c.get('principal').teamId, null);

  app.get('/notifications', requireAction(ctx.host, 'cluster.view'), async (c) => {
    const canEdit = await allows(ctx.host, c.get('principal'), 'cluster.update');
    const body = TeamNotificationsPage({ assets: pageAssets(info), kinds: kinds(c), action, canEdit, clustersUrl: info.mounts.web });
    return layoutPage(c, ctx, { title: 'Cluster notifications', body });
  });

  app.post('/notifications', requireAction(ctx.host, 'cluster.update'), async (c) => {
    const body = await c.req.parseBody();
    const change: Partial<Record<NotificationKind, DeliveryMode | null>> = {};
    for (const kind of NOTIFICATION_KINDS) {
      const value = body[kind];
      if (value === '') change[kind] = null;
      else if ((DELIVERY_MODES as readonly unknown[]).includes(value)) change[kind] = value as DeliveryMode;
    }
    ctx.notificationPreferences.save(c.get('principal').teamId, null, change);
    return htmlFragment(c, NotificationPreferencesForm({ action, kinds: kinds(c), canEdit: true, saved: true, team: true }));
  });

  return app;
}
