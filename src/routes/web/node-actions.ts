/**
 * The node actions of the pages: fragments for a node row's panel (confirmations, drain progress, label
 * editor, outcomes). Writes need `cluster.operate`; the rules and the writes are the node operations'.
 */
import { type Context, Hono } from 'hono';
import { DrainConfirm, DrainProgress, LabelEditor, NodeOutcome, RemoveConfirm } from '../../../views/node-actions.tsx';
import type { HostInfo } from '../../contract/host.ts';
import { checkNodeRemoval } from '../../domain/node-removal.ts';
import { availabilityInput, nodeLabelsInput } from '../../services/operation-inputs.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import type { PluginEnv } from '../auth.ts';
import { formList, panelHandlers, parseForm, readForm, refreshPage } from './operation-support.ts';
import { clusterScope, clusterUrls, type PageServices } from './page-support.ts';

const AVAILABILITY_DONE: Record<string, string> = { active: 'is active again', pause: 'is paused: no new tasks are placed on it' };

export function nodeActionRoutes(ctx: PageServices & Pick<PluginServices, 'nodeOps'>, info: HostInfo): Hono<PluginEnv> {
  const { nodeOps } = ctx;
  const app = new Hono<PluginEnv>();
  const scope = clusterScope(ctx);
  const base = (c: Context<PluginEnv>) => clusterUrls(info, c.get('cluster').uuid).base;
  const nodeRef = (c: Context<PluginEnv>) => c.req.param('nodeId') ?? '';
  const { read, operate } = panelHandlers(ctx, (message) => NodeOutcome({ tone: 'error', children: message }));

  app.get(
    '/:uuid/nodes/:nodeId/drain',
    scope,
    operate(async (c) => {
      const { node, impact } = await nodeOps.drainPreview(c.get('cluster'), nodeRef(c));
      return DrainConfirm({ base: base(c), node, impact });
    }),
  );

  app.post(
    '/:uuid/nodes/:nodeId/availability',
    scope,
    operate(async (c) => {
      const form = await c.req.parseBody();
      const { availability } = parseForm(availabilityInput, { availability: form.availability });
      const cluster = c.get('cluster');
      const { node, impact } = await nodeOps.setAvailability(cluster, c.get('principal'), nodeRef(c), availability);
      refreshPage(c);
      if (availability === 'drain') {
        const { left } = await nodeOps.tasksLeft(cluster, node.id);
        return DrainProgress({ base: base(c), node, left, total: impact?.tasks ?? left });
      }
      return NodeOutcome({ tone: 'ok', children: `${node.hostname} ${AVAILABILITY_DONE[availability]}.` });
    }),
  );

  // Polled while a drain moves the tasks; a read, so viewers may watch it too.
  app.get(
    '/:uuid/nodes/:nodeId/drain-progress',
    scope,
    read(async (c) => {
      const { node, left } = await nodeOps.tasksLeft(c.get('cluster'), nodeRef(c));
      const total = Number.parseInt(c.req.query('total') ?? '', 10);
      if (left === 0) refreshPage(c);
      return DrainProgress({ base: base(c), node, left, total: Number.isFinite(total) ? total : left });
    }),
  );

  app.post(
    '/:uuid/nodes/:nodeId/promote',
    scope,
    operate(async (c) => {
      const node = await nodeOps.promote(c.get('cluster'), c.get('principal'), nodeRef(c));
      refreshPage(c);
      return NodeOutcome({ tone: 'ok', children: `${node.hostname} is now a manager.` });
    }),
  );

  app.post(
    '/:uuid/nodes/:nodeId/demote',
    scope,
    operate(async (c) => {
      const node = await nodeOps.demote(c.get('cluster'), c.get('principal'), nodeRef(c));
      refreshPage(c);
      return NodeOutcome({ tone: 'ok', children: `${node.hostname} is now a worker.` });
    }),
  );

  app.get(
    '/:uuid/nodes/:nodeId/labels',
    scope,
    operate(async (c) => {
      const node = await nodeOps.node(c.get('cluster'), nodeRef(c));
      return LabelEditor({ base: base(c), node, labels: node.labels });
    }),
  );

  app.post(
    '/:uuid/nodes/:nodeId/labels',
    scope,
    operate(async (c) => {
      const cluster = c.get('cluster');
      const form = await c.req.parseBody({ all: true });
      const keys = formList(form, 'add_key');
      const values = formList(form, 'add_value');
      const add: Record<string, string> = {};
      keys.forEach((key, i) => {
        if (key.trim() !== '' || (values[i] ?? '') !== '') add[key.trim()] = values[i] ?? '';
      });
      const changes = readForm(nodeLabelsInput, { add, remove: formList(form, 'remove') });
      if (!changes.ok) {
        // The editor stays open with what is stored now and why the change was refused.
        const node = await nodeOps.node(cluster, nodeRef(c));
        return LabelEditor({ base: base(c), node, labels: node.labels, error: changes.message });
      }
      const node = await nodeOps.updateLabels(cluster, c.get('principal'), nodeRef(c), changes.data);
      refreshPage(c);
      return LabelEditor({ base: base(c), node, labels: node.labels, saved: true });
    }),
  );

  app.get(
    '/:uuid/nodes/:nodeId/remove',
    scope,
    operate(async (c) => {
      const node = await nodeOps.node(c.get('cluster'), nodeRef(c));
      const verdict = checkNodeRemoval(node, { force: false });
      return RemoveConfirm({ base: base(c), node, refusal: verdict.ok ? null : verdict.reason });
    }),
  );

  app.post(
    '/:uuid/nodes/:nodeId/remove',
    scope,
    operate(async (c) => {
      const form = await c.req.parseBody();
      const { node, warning } = await nodeOps.remove(c.get('cluster'), c.get('principal'), nodeRef(c), { force: form.force === 'true' });
      refreshPage(c);
      return NodeOutcome({ tone: warning ? 'warning' : 'ok', children: `${node.hostname} was removed from the swarm.${warning ? ` ${warning}.` : ''}` });
    }),
  );

  return app;
}
