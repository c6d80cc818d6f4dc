/**
 * The add-node wizard: the page, the join command step (needs `cluster.join-tokens`) and the waiting step,
 * which polls until a node that was not there when the command was shown joins, then syncs the cluster so a
 * known server with its address is linked to it.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { AddNodeWizard, JoinCommandStep, NodeJoined, WaitingForNode } from '../../../views/add-node-wizard.tsx';
import { OpNotice } from '../../../views/operation-panel.tsx';
import type { HostInfo } from '../../contract/host.ts';
import { joinCommandQuery } from '../../services/operation-inputs.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import { allows, authorize, type PluginEnv } from '../auth.ts';
import { reportFailure, reportText } from '../errors.ts';
import { panelAction, parseForm, refreshPage } from './operation-support.ts';
import { clusterPage, clusterScope, clusterUrls, type PageServices } from './page-support.ts';

/** Node ids the page saw before the join, as sent back by the waiting step. */
const knownNodes = z
  .string()
  .max(30_000)
  .transform((v) => v.split(',').filter(Boolean))
  .pipe(z.array(z.string().regex(/^[a-z0-9]{1,64}$/i)).max(1000));

export function addNodeRoutes(ctx: PageServices & Pick<PluginServices, 'nodeOps'>, info: HostInfo): Hono<PluginEnv> {
  const { nodeOps } = ctx;
  const app = new Hono<PluginEnv>();
  const scope = clusterScope(ctx);
  const base = (c: Context<PluginEnv>) => clusterUrls(info, c.get('cluster').uuid).base;
  const mayJoin = (c: Context<PluginEnv>) => authorize(ctx.host, c.get('principal'), 'cluster.join-tokens', c.get('clusterServers'));
  const failed = (message: string) => OpNotice({ tone: 'error', children: message });

  app.get('/:uuid/add-node', scope, async (c) => {
    const canJoin = await allows(ctx.host, c.get('principal'), 'cluster.join-tokens', c.get('clusterServers'));
    const body = AddNodeWizard({ base: base(c), canJoin, role: c.get('principal').role });
    return clusterPage(c, ctx, info, { title: 'Add a node', section: 'overview', children: body });
  });

  app.get('/:uuid/add-node/command', scope, (c) =>
    panelAction(
      c,
      ctx.host,
      async () => {
        await mayJoin(c);
        const { role } = parseForm(joinCommandQuery, { role: c.req.query('role') });
        const cluster = c.get('cluster');
        const [join, known] = await Promise.all([nodeOps.joinCommand(cluster, c.get('principal'), role), nodeOps.nodeIds(cluster)]);
        c.header('Cache-Control', 'no-store');
        return JoinCommandStep({ ...join, waitUrl: waitUrl(base(c), known) });
      },
      failed,
    ),
  );

  app.get('/:uuid/add-node/wait', scope, (c) =>
    panelAction(
      c,
      ctx.host,
      async () => {
        await mayJoin(c);
        const known = parseForm(knownNodes, c.req.query('known') ?? '');
        // A failed look keeps the step polling, saying why, rather than ending the wizard.
        const joined = await nodeOps.joinedSince(c.get('cluster'), known).catch(async (error: unknown) => reportText(await reportFailure(c, ctx.host, error)));
        if (typeof joined === 'string') return WaitingForNode({ waitUrl: waitUrl(base(c), known), problem: joined });
        if (joined.length === 0) return WaitingForNode({ waitUrl: waitUrl(base(c), known) });
        refreshPage(c);
        return NodeJoined({ base: base(c), joined });
      },
      failed,
    ),
  );

  return app;
}

function waitUrl(base: string, known: string[]): string {
  return `${base}/add-node/wait?known=${encodeURIComponent(known.join(','))}`;
}
