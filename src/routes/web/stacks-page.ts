/**
 * The Stacks section of a cluster: the list with the deploy form, a stack's page with its live tasks, and the
 * deploy, check, progress and removal partials. Writes answer with a fragment for the form's result area (a
 * refusal included, status 200 for htmx); the form is never rendered back, so variables holding secrets are
 * not echoed.
 */
import { type Context, Hono } from 'hono';
import { OpNotice } from '../../../views/operation-panel.tsx';
import {
  StackDeployed,
  StackDeployForm,
  StackDetail,
  StackPreviewPanel,
  StackProgressPanel,
  StackRemoved,
  StackRemoveForm,
  StacksLive,
  type StackUrls,
} from '../../../views/stacks.tsx';
import type { HostInfo } from '../../contract/host.ts';
import { parseEnvLines } from '../../domain/compose-interpolation.ts';
import { isConverging } from '../../domain/convergence.ts';
import { MAX_COMPOSE_CHARS } from '../../domain/stack-compose.ts';
import { ServiceError } from '../../services/errors.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import { type DeployStackInput, deployStackInput, stackNameSchema } from '../../services/stack-inputs.ts';
import type { PluginEnv } from '../auth.ts';
import { panelHandlers, parseForm, refreshPage } from './operation-support.ts';
import {
  canOperate,
  clusterPage,
  clusterScope,
  clusterUrls,
  htmlFragment,
  isPartial,
  type PageServices,
  renderLive,
  unreachableSince,
} from './page-support.ts';

export function stackUrls(info: HostInfo, uuid: string): StackUrls {
  const list = `${clusterUrls(info, uuid).base}/stacks`;
  const stack = (name: string) => `${list}/${encodeURIComponent(name)}`;
  return {
    list,
    stack,
    preview: `${list}/preview`,
    deploy: `${list}/deploy`,
    progress: (name) => `${stack(name)}/progress`,
    remove: (name) => `${stack(name)}/remove`,
  };
}

/** The deploy form's fields: the compose file pasted, or uploaded (which wins), and `KEY=value` variables. */
async function readDeployForm(c: Context<PluginEnv>): Promise<DeployStackInput> {
  const form = await c.req.parseBody();
  let compose = typeof form.compose === 'string' ? form.compose : '';
  const file = form.composeFile;
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_COMPOSE_CHARS)
      throw new ServiceError('validation_failed', `composeFile: must be at most ${MAX_COMPOSE_CHARS / 1024} KiB`, { field: 'compose' });
    compose = await file.text();
  }
  const env = parseEnvLines(typeof form.env === 'string' ? form.env : '');
  if (!env.ok) throw new ServiceError('validation_failed', env.message, { field: 'env' });
  return parseForm(deployStackInput, { name: form.name, compose, env: env.env, prune: form.prune === 'true' });
}

/** A stack name from the path; one Docker could not have is simply not there. */
function stackName(c: Context<PluginEnv>): string {
  const parsed = stackNameSchema.safeParse(c.req.param('name'));
  if (!parsed.success) throw new ServiceError('not_found', 'no such stack');
  return parsed.data;
}

export function stacksRoutes(ctx: PageServices & Pick<PluginServices, 'stacks' | 'state'>, info: HostInfo): Hono<PluginEnv> {
  const { stacks } = ctx;
  const app = new Hono<PluginEnv>();
  const scope = clusterScope(ctx);
  const urlsOf = (c: Context<PluginEnv>) => stackUrls(info, c.get('cluster').uuid);
  const { read, operate } = panelHandlers(ctx, (message) => OpNotice({ tone: 'error', children: message }));

  app.get('/:uuid/stacks', scope, async (c) => {
    const urls = urlsOf(c);
    const region = await renderLive(c, ctx, { id: 'cl-stacks-live', url: urls.list }, async () =>
      StacksLive({ stacks: await stacks.list(c.get('cluster')), since: unreachableSince(c.get('cluster')), urls }),
    );
    if (isPartial(c)) return htmlFragment(c, region);
    const form = (await canOperate(ctx, c.get('principal'), c.get('clusterServers'))) ? StackDeployForm({ urls }) : null;
    return clusterPage(c, ctx, info, { title: 'Stacks', section: 'stacks', children: [region, form] });
  });

  app.post(
    '/:uuid/stacks/preview',
    scope,
    operate(async (c) => StackPreviewPanel({ preview: stacks.preview(await readDeployForm(c)) })),
  );

  app.post(
    '/:uuid/stacks/deploy',
    scope,
    operate(async (c) => {
      const cluster = c.get('cluster');
      const result = await stacks.deploy(cluster, c.get('principal'), await readDeployForm(c));
      refreshPage(c);
      return StackDeployed({ result, progress: (await stacks.progress(cluster, result.stack)).data, urls: urlsOf(c) });
    }),
  );

  // Polled by the progress panel; a read, so viewers may watch it too.
  app.get(
    '/:uuid/stacks/:name/progress',
    scope,
    read(async (c) => {
      const { data: progress } = await stacks.progress(c.get('cluster'), stackName(c));
      if (progress.converged || progress.failed) refreshPage(c);
      return StackProgressPanel({ progress, url: urlsOf(c).progress(progress.stack) });
    }),
  );

  app.post(
    '/:uuid/stacks/:name/remove',
    scope,
    operate(async (c) => {
      const result = await stacks.remove(c.get('cluster'), c.get('principal'), stackName(c));
      return StackRemoved({ stack: result.stack, removed: result.removed, listUrl: urlsOf(c).list });
    }),
  );

  app.get('/:uuid/stacks/:name', scope, async (c) => {
    const cluster = c.get('cluster');
    const urls = urlsOf(c);
    const name = stackName(c);
    const region = await renderLive(c, ctx, { id: 'cl-stack-live', url: urls.stack(name) }, async () => {
      const [{ data: stack }, services, tasks, nodes] = await Promise.all([
        stacks.get(cluster, name),
        ctx.state.services(cluster),
        ctx.state.tasks(cluster),
        ctx.state.nodes(cluster),
      ]);
      const ids = new Set(stack.services.map((s) => s.id));
      const own = { services: services.data.filter((s) => ids.has(s.id)), tasks: tasks.data.filter((t) => ids.has(t.serviceId)) };
      return StackDetail({
        stack,
        tasks: own.tasks,
        nodeNames: new Map(nodes.data.map((n) => [n.id, n.hostname])),
        urls,
        converging: isConverging(own),
      });
    });
    if (isPartial(c)) return htmlFragment(c, region);
    const remove = (await canOperate(ctx, c.get('principal'), c.get('clusterServers'))) ? StackRemoveForm({ stack: name, urls }) : null;
    return clusterPage(c, ctx, info, { title: `Stack ${name}`, section: 'stacks', children: [region, remove] });
  });

  return app;
}
