import { Hono } from 'hono';
import type { HostEnv } from '../../auth/middleware.ts';
import { getTeam } from '../../store/accounts.ts';
import { listApplications } from '../../store/applications.ts';
import { countUnread, listNotifications } from '../../store/notifications.ts';
import { listServers } from '../../store/servers.ts';
import { Dashboard } from '../../views/dashboard.tsx';
import type { RouteDeps } from '../deps.ts';
import { renderPage } from '../render.tsx';

export function dashboardRoutes(deps: RouteDeps): Hono<HostEnv> {
  const app = new Hono<HostEnv>();
  app.get('/', (c) => {
    const { teamId } = c.get('principal');
    const servers = listServers(deps.db, teamId);
    const body = (
      <Dashboard
        teamName={getTeam(deps.db, teamId)?.name ?? ''}
        servers={servers.length}
        managers={servers.filter((s) => s.swarmManager).length}
        applications={listApplications(deps.db, teamId).length}
        unread={countUnread(deps.db, teamId)}
        recent={listNotifications(deps.db, { teamId, limit: 5 })}
      />
    );
    return renderPage(c, deps.services.layout, { title: 'Dashboard', active: 'dashboard', body });
  });
  return app;
}
