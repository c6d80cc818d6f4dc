/** Node operations of the JSON API, under `/:uuid` (the cluster is loaded and team-scoped before). */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { availabilityInput, joinCommandQuery, nodeLabelsInput, removeNodeQuery } from '../../services/operation-inputs.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import { type PluginEnv, requireAction } from '../auth.ts';
import { apiRouter, dataOf, errorResponses, jsonRequestBody, jsonResponse } from './openapi.ts';
import { clusterParams, nodeParams } from './schemas/params.ts';
import { availabilityResultSchema, joinCommandSchema, nodeRemovalSchema, nodeSchema } from './schemas/swarm.ts';
import { readJsonBody } from './validate.ts';

export function nodeOperationRoutes(ctx: Pick<PluginServices, 'host' | 'nodeOps'>): OpenAPIHono<PluginEnv> {
  const { host, nodeOps } = ctx;
  const app = apiRouter();
  const operate = requireAction(host, 'cluster.operate');
  const nodeAnswer = (description: string) => jsonResponse(dataOf(z.strictObject({ node: nodeSchema })), description);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{uuid}/nodes/{nodeId}/drain-preview',
      summary: 'What draining the node would move, before draining it',
      tags: ['Nodes'],
      request: { params: nodeParams },
      responses: { 200: jsonResponse(dataOf(availabilityResultSchema), 'The node and the tasks that would leave it'), ...errorResponses(404, 503) },
    }),
    async (c) => {
      const { node, impact } = await nodeOps.drainPreview(c.get('cluster'), c.req.valid('param').nodeId);
      return c.json({ data: { node, impact } }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{uuid}/nodes/{nodeId}/availability',
      summary: 'Set a node active, paused or drained',
      tags: ['Nodes'],
      middleware: [operate, readJsonBody] as const,
      request: { params: nodeParams, ...jsonRequestBody(availabilityInput) },
      responses: {
        200: jsonResponse(dataOf(availabilityResultSchema), 'The node, and for a drain how many tasks leave it'),
        ...errorResponses(400, 404, 409, 503),
      },
    }),
    async (c) => {
      const result = await nodeOps.setAvailability(c.get('cluster'), c.get('principal'), c.req.valid('param').nodeId, c.req.valid('json').availability);
      return c.json({ data: result }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{uuid}/nodes/{nodeId}/promote',
      summary: 'Make a worker a manager',
      tags: ['Nodes'],
      middleware: [operate] as const,
      request: { params: nodeParams },
      responses: { 200: nodeAnswer('The node, now a manager'), ...errorResponses(404, 409, 503) },
    }),
    async (c) => c.json({ data: { node: await nodeOps.promote(c.get('cluster'), c.get('principal'), c.req.valid('param').nodeId) } }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{uuid}/nodes/{nodeId}/demote',
      summary: 'Make a manager a worker (refused when it would lose the quorum or the last manager)',
      tags: ['Nodes'],
      middleware: [operate] as const,
      request: { params: nodeParams },
      responses: { 200: nodeAnswer('The node, now a worker'), ...errorResponses(404, 409, 503) },
    }),
    async (c) => c.json({ data: { node: await nodeOps.demote(c.get('cluster'), c.get('principal'), c.req.valid('param').nodeId) } }, 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/{uuid}/nodes/{nodeId}',
      summary: 'Remove a drained node that is down (any node with force; managers are demoted first)',
      tags: ['Nodes'],
      middleware: [operate] as const,
      request: { params: nodeParams, query: removeNodeQuery },
      responses: { 200: jsonResponse(dataOf(nodeRemovalSchema), 'The node removed'), ...errorResponses(400, 404, 409, 503) },
    }),
    async (c) => {
      const { force } = c.req.valid('query');
      const result = await nodeOps.remove(c.get('cluster'), c.get('principal'), c.req.valid('param').nodeId, { force });
      return c.json({ data: { removed: result.node.id, hostname: result.node.hostname, warning: result.warning } }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/{uuid}/nodes/{nodeId}/labels',
      summary: 'Add and remove a node’s labels',
      tags: ['Nodes'],
      middleware: [operate, readJsonBody] as const,
      request: { params: nodeParams, ...jsonRequestBody(nodeLabelsInput) },
      responses: { 200: nodeAnswer('The node, relabelled'), ...errorResponses(400, 404, 409, 503) },
    }),
    async (c) => {
      const node = await nodeOps.updateLabels(c.get('cluster'), c.get('principal'), c.req.valid('param').nodeId, c.req.valid('json'));
      return c.json({ data: { node } }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{uuid}/join-command',
      summary: 'The command that joins a machine to the swarm (admins and owners; never cached)',
      tags: ['Nodes'],
      middleware: [requireAction(host, 'cluster.join-tokens')] as const,
      request: { params: clusterParams, query: joinCommandQuery },
      responses: { 200: jsonResponse(dataOf(joinCommandSchema), 'The join command, with `Cache-Control: no-store`'), ...errorResponses(400, 404, 503) },
    }),
    async (c) => {
      const join = await nodeOps.joinCommand(c.get('cluster'), c.get('principal'), c.req.valid('query').role);
      // A join token admits a machine to the swarm: never cached anywhere on the way.
      c.header('Cache-Control', 'no-store');
      return c.json({ data: join }, 200);
    },
  );

  return app;
}
