/** Stacks of the JSON API, under `/:uuid` (the cluster is loaded and team-scoped before). */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { PluginServices } from '../../services/plugin-services.ts';
import { deployStackInput } from '../../services/stack-inputs.ts';
import { type PluginEnv, requireAction } from '../auth.ts';
import { fetchedJson } from './cluster-json.ts';
import { apiRouter, dataOf, errorResponses, fetchedOf, jsonRequestBody, jsonResponse } from './openapi.ts';
import { clusterParams, stackParams } from './schemas/params.ts';
import { stackDeploySchema, stackPreviewSchema, stackProgressSchema, stackRemovalSchema, stackSchema } from './schemas/stacks.ts';
import { readJsonBody } from './validate.ts';

export function stackRoutes(ctx: Pick<PluginServices, 'host' | 'stacks'>): OpenAPIHono<PluginEnv> {
  const { host, stacks } = ctx;
  const app = apiRouter();
  const operate = requireAction(host, 'cluster.operate');

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{uuid}/stacks',
      summary: 'The swarm’s stacks',
      tags: ['Stacks'],
      request: { params: clusterParams },
      responses: { 200: jsonResponse(fetchedOf(z.array(stackSchema)), 'The stacks'), ...errorResponses(404, 503) },
    }),
    async (c) => c.json(fetchedJson(await stacks.list(c.get('cluster'))), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{uuid}/stacks/{name}',
      summary: 'One stack: its services, networks, secrets and configs',
      tags: ['Stacks'],
      request: { params: stackParams },
      responses: { 200: jsonResponse(fetchedOf(stackSchema), 'The stack'), ...errorResponses(400, 404, 503) },
    }),
    async (c) => c.json(fetchedJson(await stacks.get(c.get('cluster'), c.req.valid('param').name)), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{uuid}/stacks/{name}/progress',
      summary: 'How far a stack’s services are from their specs',
      tags: ['Stacks'],
      request: { params: stackParams },
      responses: { 200: jsonResponse(fetchedOf(stackProgressSchema), 'The progress of each service'), ...errorResponses(400, 404, 503) },
    }),
    async (c) => c.json(fetchedJson(await stacks.progress(c.get('cluster'), c.req.valid('param').name)), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{uuid}/stacks',
      summary: 'Deploy a stack from a compose file, or with `dryRun` only check the file',
      tags: ['Stacks'],
      middleware: [operate, readJsonBody] as const,
      request: { params: clusterParams, ...jsonRequestBody(deployStackInput) },
      responses: {
        200: jsonResponse(
          dataOf(z.union([stackDeploySchema, stackPreviewSchema])),
          'What was created, updated and removed; with `dryRun`, what would be deployed',
        ),
        ...errorResponses(400, 404, 409, 503),
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      if (input.dryRun) return c.json({ data: stacks.preview(input) }, 200);
      return c.json({ data: await stacks.deploy(c.get('cluster'), c.get('principal'), input) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/{uuid}/stacks/{name}',
      summary: 'Remove a stack: its services, networks, secrets and configs',
      tags: ['Stacks'],
      middleware: [operate] as const,
      request: { params: stackParams },
      responses: { 200: jsonResponse(dataOf(stackRemovalSchema), 'What was removed'), ...errorResponses(400, 404, 503) },
    }),
    async (c) => c.json({ data: await stacks.remove(c.get('cluster'), c.get('principal'), c.req.valid('param').name) }, 200),
  );

  return app;
}
