/**
 * The per-application swarm task widget: the tasks of the application's services, matched by a label whose
 * value is the application uuid (the stack label `com.docker.stack.namespace`, or the host's own as the
 * `applications.taskLabel` setting says), never by service name. The host embeds `render` in its
 * application page; the region refreshes itself from `<web>/applications/:uuid/tasks`.
 */
import { Hono } from 'hono';
import { type ApplicationClusterTasks, ApplicationTasks } from '../../../views/application-tasks.tsx';
import type { HostInfo, Principal } from '../../contract/host.ts';
import type { ApplicationWidget } from '../../contract/plugin.ts';
import { tasksInTableOrder } from '../../domain/display-order.ts';
import { ClusterUnreachableError, ServiceError } from '../../services/errors.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import { allows, authorize, type PluginEnv } from '../auth.ts';
import { htmlFragment, mergeMeta, unreachableSince, webAssets, widgetViewer } from './page-support.ts';

type WidgetServices = Pick<PluginServices, 'host' | 'clusters' | 'state' | 'deploys'>;

/** The clusters running the stack, read side by side: an unreachable one must not hold up the others. */
async function stackTasks(ctx: WidgetServices, info: HostInfo, principal: Principal, stack: string): Promise<ApplicationClusterTasks[]> {
  const perCluster = ctx.clusters.list(principal.teamId).map(async (cluster): Promise<ApplicationClusterTasks | null> => {
    const clusterHref = `${info.mounts.web}/${cluster.uuid}`;
    // A cluster on servers the host keeps the member from is not shown, as on the cluster list.
    if (!(await allows(ctx.host, principal, 'cluster.view', ctx.clusters.serverRefs(cluster)))) return null;
    try {
      const [services, tasks, nodes] = await Promise.all([ctx.state.services(cluster), ctx.state.tasks(cluster), ctx.state.nodes(cluster)]);
      const ids = new Set(services.data.filter((s) => ctx.deploys.runs(s, stack)).map((s) => s.id));
      if (ids.size === 0) return null;
      return {
        clusterName: cluster.name,
        clusterHref,
        meta: mergeMeta(services, tasks, nodes),
        since: unreachableSince(cluster),
        tasks: tasksInTableOrder(tasks.data.filter((t) => ids.has(t.serviceId))),
        nodeNames: new Map(nodes.data.map((n) => [n.id, n.hostname])),
      };
    } catch (error) {
      if (!(error instanceof ClusterUnreachableError)) throw error;
      // Whether the stack runs there is unknown: say so rather than hide the cluster.
      return { clusterName: cluster.name, clusterHref, meta: null, since: null, tasks: [], nodeNames: new Map(), error: error.message };
    }
  });
  return (await Promise.all(perCluster)).filter((found) => found !== null);
}

async function renderTasks(ctx: WidgetServices, info: HostInfo, principal: Principal, application: { uuid: string; name: string }): Promise<string> {
  return ApplicationTasks({
    url: `${info.mounts.web}/applications/${encodeURIComponent(application.uuid)}/tasks`,
    cssUrl: webAssets(info).url('clusters.css'),
    stack: application.uuid,
    applicationName: application.name,
    clusters: await stackTasks(ctx, info, principal, application.uuid),
    renderedAt: new Date().toISOString(),
  }).toString();
}

export function applicationTasksWidget(ctx: WidgetServices, info: HostInfo): ApplicationWidget {
  return {
    async render({ request, applicationUuid }) {
      const principal = await widgetViewer(ctx, request);
      if (!principal) return '';
      const application = await ctx.host.applications.get({ teamId: principal.teamId, uuid: applicationUuid });
      return renderTasks(ctx, info, principal, application ?? { uuid: applicationUuid, name: applicationUuid });
    },
  };
}

/** `GET /applications/:uuid/tasks`: the widget's refresh, for an application of the principal's team only. */
export function applicationTaskRoutes(ctx: WidgetServices, info: HostInfo): Hono<PluginEnv> {
  const app = new Hono<PluginEnv>();
  app.get('/:appUuid/tasks', async (c) => {
    const principal = c.get('principal');
    await authorize(ctx.host, principal, 'cluster.view');
    const application = await ctx.host.applications.get({ teamId: principal.teamId, uuid: c.req.param('appUuid') });
    if (!application) throw new ServiceError('not_found', 'application not found');
    return htmlFragment(c, { toString: () => renderTasks(ctx, info, principal, application) });
  });
  return app;
}
