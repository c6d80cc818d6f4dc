/** Node operations of the JSON API, under `/:uuid` (the cluster is loaded and team-scoped before). */
import { Hono } from 'hono';
import { availabilityInput, joinCommandQuery, nodeLabelsInput, removeNodeQuery } from '../../services/operation-inputs.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import { type PluginEnv, requireAction } from '../auth.ts';
import { jsonBody, queryParams } from './validate.ts';

export function nodeOperationRoutes(ctx: Pick<PluginServices, 'host' | 'nodeOps'>): Hono<PluginEnv> {
  const { host, nodeOps } = ctx;
  const app = new Hono<PluginEnv>();
  const operate = requireAction(host, 'cluster.operate');

  app.get('/:uuid/nodes/:nodeId/drain-preview', async (c) => {
    const { node, impact } = await nodeOps.drainPreview(c.get('cluster'), c.req.param('nodeId'));
    return c.json({ data: { node, impact } });
  });

  app.post('/:uuid/nodes/:nodeId/availability', operate, async (c) => {
    const { availability } = await jsonBody(c, availabilityInput);
    const result = await nodeOps.setAvailability(c.get('cluster'), c.get('principal'), c.req.param('nodeId'), availability);
    return c.json({ data: result });
  });

  app.post('/:uuid/nodes/:nodeId/promote', operate, async (c) =>
    c.json({ data: { node: await nodeOps.promote(c.get('cluster'), c.get('principal'), c.req.param('nodeId')) } }),
  );

  app.post('/:uuid/nodes/:nodeId/demote', operate, async (c) =>
    c.json({ data: { node: await nodeOps.demote(c.get('cluster'), c.get('principal'), c.req.param('nodeId')) } }),
  );

  app.delete('/:uuid/nodes/:nodeId', operate, async (c) => {
    const { force } = queryParams(c, removeNodeQuery);
    const result = await nodeOps.remove(c.get('cluster'), c.get('principal'), c.req.param('nodeId'), { force });
    return c.json({ data: { removed: result.node.id, hostname: result.node.hostname, warning: result.warning } });
  });

  app.patch('/:uuid/nodes/:nodeId/labels', operate, async (c) => {
    const changes = await jsonBody(c, nodeLabelsInput);
    const node = await nodeOps.updateLabels(c.get('cluster'), c.get('principal'), c.req.param('nodeId'), changes);
    return c.json({ data: { node } });
  });

  app.get('/:uuid/join-command', requireAction(host, 'cluster.join-tokens'), async (c) => {
    const { role } = queryParams(c, joinCommandQuery);
    const join = await nodeOps.joinCommand(c.get('cluster'), c.get('principal'), role);
    // A join token admits a machine to the swarm: never cached anywhere on the way.
    c.header('Cache-Control', 'no-store');
    return c.json({ data: join });
  });

  return app;
}
