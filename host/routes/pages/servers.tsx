import { Hono } from 'hono';
import { mayWriteServers } from '../../auth/authorize.ts';
import { csrfTokenOf } from '../../auth/csrf.ts';
import type { HostEnv } from '../../auth/middleware.ts';
import { HostError } from '../../errors.ts';
import { isHtmx, redirectAfterPost } from '../../http.ts';
import { createServer, getServer, listServers, serverInput } from '../../store/servers.ts';
import { parseInput } from '../../validation.ts';
import { ServerForm, type ServerFormProps, type ServerFormValues, ServerPage, ServersPage } from '../../views/servers.tsx';
import type { RouteDeps } from '../deps.ts';
import { forbiddenPage, formString, pluginWidgetsHtml, renderPage } from '../render.tsx';

export function serverRoutes(deps: RouteDeps): Hono<HostEnv> {
  const app = new Hono<HostEnv>();
  const layout = deps.services.layout;

  app.get('/servers', (c) => {
    const principal = c.get('principal');
    const form = mayWriteServers(principal) === null ? { csrfToken: csrfTokenOf(c.req.raw) } : null;
    const body = <ServersPage servers={listServers(deps.db, principal.teamId)} form={form} />;
    return renderPage(c, layout, { title: 'Servers', active: 'servers', body });
  });

  app.get('/servers/:id', async (c) => {
    const { teamId } = c.get('principal');
    const server = getServer(deps.db, { teamId, serverId: c.req.param('id') });
    if (!server) return c.notFound();
    const widgetHtml = await pluginWidgetsHtml(
      deps.logger,
      deps.extensions.serverWidgets,
      { request: c.req.raw, serverId: server.id },
      {
        what: 'server widget',
        data: { serverId: server.id },
        unavailable: 'The SSH host key is unavailable right now.',
      },
    );
    const body = <ServerPage server={server} widgetHtml={widgetHtml} />;
    return renderPage(c, layout, { title: server.name, active: 'servers', body });
  });

  app.post('/servers', async (c) => {
    const principal = c.get('principal');
    const denied = mayWriteServers(principal);
    if (denied) return forbiddenPage(c, layout, denied);
    const form = await c.req.parseBody();
    const values: ServerFormValues = {
      name: formString(form.name),
      ip: formString(form.ip),
      port: formString(form.port),
      user: formString(form.user),
      swarmManager: form.swarmManager !== undefined,
      swarmWorker: form.swarmWorker !== undefined,
      dockerSocketPath: formString(form.dockerSocketPath),
    };
    c.header('Vary', 'HX-Request');
    try {
      const input = parseInput(serverInput, {
        ...values,
        port: values.port ? Number(values.port) : undefined,
        user: values.user || undefined,
        dockerSocketPath: values.dockerSocketPath || undefined,
        privateKey: formString(form.privateKey),
      });
      const server = createServer(deps.db, deps.cipher, { ...input, teamId: principal.teamId });
      deps.logger.info('server added', { serverId: server.id, teamId: principal.teamId });
    } catch (err) {
      if (!(err instanceof HostError) || err.status !== 400) throw err;
      // 422 and the form again, with each message beside its field; the key is not echoed back.
      const props: ServerFormProps = { csrfToken: csrfTokenOf(c.req.raw), values, errors: err.fields };
      if (isHtmx(c)) return c.html(await (<ServerForm {...props} />).toString(), 422);
      const body = <ServersPage servers={listServers(deps.db, principal.teamId)} form={props} />;
      return renderPage(c, layout, { title: 'Servers', active: 'servers', body, status: 422 });
    }
    return redirectAfterPost(c, '/servers');
  });

  return app;
}
