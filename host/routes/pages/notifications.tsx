import { Hono } from 'hono';
import { mayUpdateInbox } from '../../auth/authorize.ts';
import { csrfTokenOf } from '../../auth/csrf.ts';
import type { HostEnv } from '../../auth/middleware.ts';
import { isHtmx } from '../../http.ts';
import { listNotifications, markAllRead } from '../../store/notifications.ts';
import { NotificationList, NotificationsPage } from '../../views/notifications.tsx';
import type { RouteDeps } from '../deps.ts';
import { forbiddenPage, renderPage } from '../render.tsx';

export function notificationRoutes(deps: RouteDeps): Hono<HostEnv> {
  const app = new Hono<HostEnv>();

  app.get('/notifications', (c) => {
    const notifications = listNotifications(deps.db, { teamId: c.get('principal').teamId });
    const body = <NotificationsPage notifications={notifications} csrfToken={csrfTokenOf(c.req.raw)} />;
    return renderPage(c, deps.services.layout, { title: 'Notifications', active: 'notifications', body });
  });

  app.post('/notifications/read', async (c) => {
    const denied = mayUpdateInbox(c.get('principal'));
    if (denied) return forbiddenPage(c, deps.services.layout, denied);
    const { teamId } = c.get('principal');
    markAllRead(deps.db, teamId);
    c.header('Vary', 'HX-Request');
    if (!isHtmx(c)) return c.redirect('/notifications', 303);
    const list = <NotificationList notifications={listNotifications(deps.db, { teamId })} csrfToken={csrfTokenOf(c.req.raw)} />;
    return c.html(await list.toString());
  });

  return app;
}
