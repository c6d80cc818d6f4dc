import { Hono } from 'hono';
import { mayWriteApplications } from '../../auth/authorize.ts';
import { csrfTokenOf } from '../../auth/csrf.ts';
import type { HostEnv } from '../../auth/middleware.ts';
import { HostError } from '../../errors.ts';
import { isHtmx, redirectAfterPost } from '../../http.ts';
import { applicationInput, createApplication, getApplication, listApplications } from '../../store/applications.ts';
import { getServer, listServers } from '../../store/servers.ts';
import { parseInput } from '../../validation.ts';
import { ApplicationForm, type ApplicationFormProps, ApplicationPage, ApplicationsPage } from '../../views/applications.tsx';
import type { RouteDeps } from '../deps.ts';
import { forbiddenPage, formString, pluginWidgetsHtml, renderPage } from '../render.tsx';

export function applicationRoutes(deps: RouteDeps): Hono<HostEnv> {
  const app = new Hono<HostEnv>();
  const layout = deps.services.layout;

  app.get('/applications', (c) => {
    const { teamId } = c.get('principal');
    const servers = listServers(deps.db, teamId);
    const form = mayWriteApplications(c.get('principal')) === null ? { csrfToken: csrfTokenOf(c.req.raw), servers } : null;
    const body = <ApplicationsPage applications={listApplications(deps.db, teamId)} servers={servers} form={form} />;
    return renderPage(c, layout, { title: 'Applications', active: 'applications', body });
  });

  app.post('/applications', async (c) => {
    const principal = c.get('principal');
    const denied = mayWriteApplications(principal);
    if (denied) return forbiddenPage(c, layout, denied);
    const form = await c.req.parseBody();
    const values = { name: formString(form.name), serverId: formString(form.serverId) };
    c.header('Vary', 'HX-Request');
    let uuid: string;
    try {
      uuid = createApplication(deps.db, { ...parseInput(applicationInput, values), teamId: principal.teamId }).uuid;
    } catch (err) {
      if (!(err instanceof HostError) || (err.status !== 400 && err.status !== 404)) throw err;
      const errors = err.status === 404 ? { serverId: 'no such server in your team' } : err.fields;
      const servers = listServers(deps.db, principal.teamId);
      const props: ApplicationFormProps = { csrfToken: csrfTokenOf(c.req.raw), servers, values, errors };
      if (isHtmx(c)) return c.html(await (<ApplicationForm {...props} />).toString(), 422);
      const applications = listApplications(deps.db, principal.teamId);
      const body = <ApplicationsPage applications={applications} servers={servers} form={props} />;
      return renderPage(c, layout, { title: 'Applications', active: 'applications', body, status: 422 });
    }
    return redirectAfterPost(c, `/applications/${uuid}`);
  });

  app.get('/applications/:uuid', async (c) => {
    const { teamId } = c.get('principal');
    const application = getApplication(deps.db, { teamId, uuid: c.req.param('uuid') });
    if (!application) return c.notFound();
    const server = application.serverId ? getServer(deps.db, { teamId, serverId: application.serverId }) : null;
    const [tasksHtml, deployHtml] = await Promise.all([widgetHtml(deps, c.req.raw, application.uuid), deployFormHtml(deps, c.req.raw, application.uuid)]);
    const body = <ApplicationPage application={application} server={server} widgetHtml={tasksHtml} deployFormHtml={deployHtml} />;
    return renderPage(c, layout, { title: application.name, active: 'applications', body });
  });

  return app;
}

/** The plugins' widgets; one that fails shows a short note instead of breaking the page. */
async function widgetHtml(deps: RouteDeps, request: Request, applicationUuid: string): Promise<string> {
  if (deps.extensions.applicationWidgets.length === 0) return '<p class="muted">Swarm tasks: no swarm plugin is installed.</p>';
  return pluginWidgetsHtml(
    deps.logger,
    deps.extensions.applicationWidgets,
    { request, applicationUuid },
    {
      what: 'application widget',
      data: { applicationUuid },
      unavailable: 'Swarm tasks are unavailable right now.',
    },
  );
}

/** The plugins' deploy forms, or null for the page's own placeholder; one that fails shows a short note. */
async function deployFormHtml(deps: RouteDeps, request: Request, applicationUuid: string): Promise<string | null> {
  if (deps.extensions.applicationDeployForms.length === 0) return null;
  return pluginWidgetsHtml(
    deps.logger,
    deps.extensions.applicationDeployForms,
    { request, applicationUuid },
    {
      what: 'application deploy form',
      data: { applicationUuid },
      unavailable: 'The swarm deploy form is unavailable right now.',
    },
  );
}
