/**
 * The per-application swarm task widget: tasks of the application's stack, matched by the stack
 * label (`com.docker.stack.namespace` = the application uuid), never by service name.
 */
import type { ApplicationWidget } from '../../contract/plugin.ts';
import { STACK_LABEL } from '../../domain/swarm-views.ts';
import type { PluginContext } from '../../plugin-context.ts';
import { ApplicationTasks } from '../../../views/application-tasks.tsx';

export function applicationTasksWidget(ctx: PluginContext): ApplicationWidget {
  return {
    async render({ request, applicationUuid }) {
      const principal = await ctx.host.auth.principal({ request });
      if (!principal) return '';
      for (const cluster of ctx.clusters.list(principal.teamId)) {
        try {
          const services = await ctx.state.rawServices(cluster);
          const ids = new Set(services.data.filter((s) => s.Spec.Labels?.[STACK_LABEL] === applicationUuid).map((s) => s.ID));
          if (ids.size === 0) continue;
          const tasks = await ctx.state.tasks(cluster);
          const own = tasks.data.filter((t) => ids.has(t.serviceId));
          return ApplicationTasks({ stack: applicationUuid, clusterName: cluster.name, tasks: own }).toString();
        } catch (error) {
          return ApplicationTasks({ stack: applicationUuid, clusterName: cluster.name, tasks: [], error: (error as Error).message }).toString();
        }
      }
      return ApplicationTasks({ stack: applicationUuid, clusterName: null, tasks: [] }).toString();
    },
  };
}
