/** The visualizer (grid and topology) and the details of one task. */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { TaskDetails } from '../../../views/task-details.tsx';
import { TaskLogs } from '../../../views/task-logs.tsx';
import { TaskGroupItem, TopologyLive, TopologyToCome, VisualizerLive, type VisualizerProps, VisualizerShell } from '../../../views/visualizer.tsx';
import type { HostInfo } from '../../contract/host.ts';
import { applicationServiceName, applicationServiceNames, withApplicationNames } from '../../domain/application-names.ts';
import { isConverging } from '../../domain/convergence.ts';
import type { NodeSummary, SwarmServiceSummary, TaskSummary } from '../../domain/swarm-summaries.ts';
import { topologyLayout } from '../../domain/topology-layout.ts';
import {
  FIRST_COLUMNS,
  findTaskGroup,
  type GridLayoutColumn,
  gridFilterOptions,
  MORE_COLUMNS,
  visualizerItems,
  visualizerLayout,
} from '../../domain/visualizer-grid.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import { queryParams } from '../api/validate.ts';
import type { PluginEnv } from '../auth.ts';
import { reportFailure, reportText } from '../errors.ts';
import { clusterPage, clusterScope, clusterUrls, htmlFragment, isPartial, mergeMeta, type PageServices, renderLive, unreachableSince } from './page-support.ts';
import { RenderedRegion, renderedRegion } from './region-cache.ts';

/** Lines of a task's log the page shows. */
const TASK_LOG_TAIL = 1000;

/** A group of tasks: node id (or none), service id and state kind. */
const groupKey = z.string().regex(/^[a-z0-9]{0,64}\/[a-z0-9]{1,64}\/[a-z]{1,20}$/, 'key must be node/service/state');
/** Keys of the expanded groups sent back by the live refresh; unknown ones are ignored. */
const groupKeys = z.array(groupKey).max(500);
const groupQuery = z.object({ key: groupKey, open: z.enum(['1']).optional() });
/** The grid's first columns drawn (the placeholder's links, the live refresh); anything else: the first screens. */
const shownColumns = z.coerce.number().int().min(1).max(100_000).catch(FIRST_COLUMNS);

/** What a render of the visualizer derives from one snapshot of the swarm, whoever looks and whatever is expanded. */
interface Derived {
  grid: GridLayoutColumn[];
  filters: VisualizerProps['filters'];
  converging: boolean;
}

/**
 * Derived data by snapshot: the state service hands out the same arrays until the next read, so the 10,000 tasks of
 * a large swarm are named, sorted and grouped once per snapshot, not once per viewer and live re-render.
 */
const derivedBySnapshot = new WeakMap<
  readonly TaskSummary[],
  { nodes: readonly NodeSummary[]; services: readonly SwarmServiceSummary[]; names: string; derived: Derived }
>();

function derive(nodes: readonly NodeSummary[], services: readonly SwarmServiceSummary[], tasks: readonly TaskSummary[], names: Map<string, string>): Derived {
  const namesKey = JSON.stringify([...names]);
  const hit = derivedBySnapshot.get(tasks);
  if (hit && hit.nodes === nodes && hit.services === services && hit.names === namesKey) return hit.derived;
  const grid = visualizerLayout(nodes, withApplicationNames(tasks, names));
  const derived = { grid, filters: gridFilterOptions(grid), converging: isConverging({ services, tasks }) };
  derivedBySnapshot.set(tasks, { nodes, services, names: namesKey, derived });
  return derived;
}

export function visualizerRoutes(ctx: PageServices & Pick<PluginServices, 'state' | 'swarmServiceOps'>, info: HostInfo): Hono<PluginEnv> {
  const app = new Hono<PluginEnv>();
  const scope = clusterScope(ctx);

  /** The swarm's nodes, services and tasks, the tasks named as the panel's applications name their services. */
  async function swarm(c: Context<PluginEnv>) {
    const cluster = c.get('cluster');
    const [nodes, services, tasks, applications] = await Promise.all([
      ctx.state.nodes(cluster),
      ctx.state.services(cluster),
      ctx.state.tasks(cluster),
      ctx.host.applications.listForTeam({ teamId: cluster.teamId }),
    ]);
    return { nodes, services, tasks, named: withApplicationNames(tasks.data, applicationServiceNames(services.data, applications)) };
  }

  /**
   * The live region, rendered once per snapshot and what the request chose (the expanded groups): every viewer asking
   * after the same event shares the render.
   */
  async function region(c: Context<PluginEnv>): Promise<RenderedRegion> {
    const cluster = c.get('cluster');
    const urls = clusterUrls(info, cluster.uuid);
    const [nodes, services, tasks, applications] = await Promise.all([
      ctx.state.nodes(cluster),
      ctx.state.services(cluster),
      ctx.state.tasks(cluster),
      ctx.host.applications.listForTeam({ teamId: cluster.teamId }),
    ]);
    const derived = derive(nodes.data, services.data, tasks.data, applicationServiceNames(services.data, applications));
    const expanded = [...new Set(groupKeys.catch([]).parse(c.req.queries('expand') ?? []))].sort();
    // The count asked for is sent back as asked (the page's script asks again while its field says fewer than it wants).
    const shown = shownColumns.parse(c.req.query('columns') ?? FIRST_COLUMNS);
    const meta = mergeMeta(nodes, services, tasks);
    const since = unreachableSince(cluster);
    return renderedRegion([derived], JSON.stringify([urls.visualizer, expanded, shown, meta, since]), () =>
      VisualizerLive({
        url: urls.visualizer,
        taskUrl: urls.task,
        groupsUrl: urls.visualizerGroups,
        meta,
        since,
        columns: visualizerItems(derived.grid, new Set(expanded)),
        window: { shown, step: MORE_COLUMNS, url: (columns) => `${urls.visualizer}?columns=${columns}` },
        filters: derived.filters,
        converging: derived.converging,
      }),
    );
  }

  app.get('/:uuid/visualizer', scope, async (c) => {
    const cluster = c.get('cluster');
    const urls = clusterUrls(info, cluster.uuid);
    const live = await renderLive(c, ctx, { id: 'cl-visualizer-live', url: urls.visualizer }, () => region(c));
    if (isPartial(c)) return htmlFragment(c, live);
    const initialView = c.req.query('view') === 'topology' ? 'topology' : 'grid';
    const topology = initialView === 'topology' ? await topologyRegion(c) : TopologyToCome({ url: urls.visualizerTopology });
    return clusterPage(c, ctx, info, {
      title: 'Visualizer',
      section: 'visualizer',
      children: VisualizerShell({ initialView, topology, children: live instanceof RenderedRegion ? live.markup() : live }),
    });
  });

  /** The topology drawing: the nodes alone. */
  function topologyRegion(c: Context<PluginEnv>) {
    const cluster = c.get('cluster');
    const url = clusterUrls(info, cluster.uuid).visualizerTopology;
    return renderLive(c, ctx, { id: 'cl-topology-live', url }, async () =>
      TopologyLive({ url, layout: topologyLayout((await ctx.state.nodes(cluster)).data) }),
    );
  }

  app.get('/:uuid/visualizer/topology', scope, async (c) => htmlFragment(c, await topologyRegion(c)));

  // A group of a node's tasks, expanded or collapsed again; a group gone meanwhile leaves nothing (the next live
  // re-render draws what is there now).
  app.get('/:uuid/visualizer/group', scope, async (c) => {
    const { key, open } = queryParams(c, groupQuery);
    const urls = clusterUrls(info, c.get('cluster').uuid);
    const { nodes, named } = await swarm(c);
    const group = findTaskGroup(nodes.data, named, key);
    if (!group) return c.html('');
    return htmlFragment(c, TaskGroupItem({ group, expanded: open === '1', taskUrl: urls.task }));
  });

  app.get('/:uuid/tasks/:taskId', scope, async (c) => {
    const cluster = c.get('cluster');
    const [tasks, nodes, services, applications] = await Promise.all([
      ctx.state.tasks(cluster),
      ctx.state.nodes(cluster),
      ctx.state.services(cluster),
      ctx.host.applications.listForTeam({ teamId: cluster.teamId }),
    ]);
    const found = tasks.data.find((t) => t.id === c.req.param('taskId'));
    if (!found) return c.html('<p class="cl-muted">This task is gone: the swarm no longer keeps it.</p>');
    const task = withApplicationNames([found], applicationServiceNames(services.data, applications))[0]!;
    const nodeName = nodes.data.find((n) => n.id === task.nodeId)?.hostname ?? null;
    return htmlFragment(c, TaskDetails({ task, nodeName, logsUrl: clusterUrls(info, cluster.uuid).taskLogs(task.id) }));
  });

  app.get('/:uuid/tasks/:taskId/logs', scope, async (c) => {
    const cluster = c.get('cluster');
    const taskId = c.req.param('taskId');
    const visualizerUrl = clusterUrls(info, cluster.uuid).visualizer;
    let view: ReturnType<typeof TaskLogs>;
    try {
      const [logs, applications] = await Promise.all([
        ctx.swarmServiceOps.taskLogs(cluster, taskId, { tail: TASK_LOG_TAIL, timestamps: false }),
        ctx.host.applications.listForTeam({ teamId: cluster.teamId }),
      ]);
      const name = `${applicationServiceName(logs.service, applications)}${logs.task.slot === null ? '' : `.${logs.task.slot}`}`;
      view = TaskLogs({ name, taskId: logs.task.id, visualizerUrl, lines: logs.lines, truncated: logs.truncated });
    } catch (error) {
      const report = await reportFailure(c, ctx.host, error);
      // A task the swarm does not know is the page handler's 404; other failures are shown on the page.
      if (report.status === 404) throw error;
      view = TaskLogs({ name: taskId, taskId, visualizerUrl, lines: [], truncated: false, error: reportText(report) });
    }
    return clusterPage(c, ctx, info, { title: 'Task logs', section: 'visualizer', children: view });
  });

  return app;
}
