/** Service operations of the JSON API, under `/:uuid` (the cluster is loaded and team-scoped before). */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import { scaleInput, serviceLogsQuery } from '../../services/operation-inputs.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import { type PluginEnv, requireAction } from '../auth.ts';
import { streamLogLines } from '../sse.ts';
import { apiRouter, dataOf, errorResponses, jsonRequestBody, jsonResponse } from './openapi.ts';
import { serviceParams } from './schemas/params.ts';
import { scaleResultSchema, serviceLogsSchema, serviceProgressSchema, serviceWriteSchema, truncatedMetaSchema } from './schemas/swarm.ts';
import { readJsonBody } from './validate.ts';

export function swarmServiceOperationRoutes(ctx: Pick<PluginServices, 'host' | 'swarmServiceOps'>): OpenAPIHono<PluginEnv> {
  const { host, swarmServiceOps } = ctx;
  const app = apiRouter();
  const operate = requireAction(host, 'cluster.operate');
  const written = (description: string) => jsonResponse(dataOf(serviceWriteSchema), description);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{uuid}/services/{serviceId}/scale',
      summary: 'Scale a replicated service (0 to 1000 replicas)',
      tags: ['Services'],
      middleware: [operate, readJsonBody] as const,
      request: { params: serviceParams, ...jsonRequestBody(scaleInput) },
      responses: { 200: jsonResponse(dataOf(scaleResultSchema), 'The service, scaled'), ...errorResponses(400, 404, 409, 503) },
    }),
    async (c) => {
      const { replicas } = c.req.valid('json');
      return c.json({ data: await swarmServiceOps.scale(c.get('cluster'), c.get('principal'), c.req.valid('param').serviceId, replicas) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{uuid}/services/{serviceId}/rollback',
      summary: 'Roll a service back to its previous spec',
      tags: ['Services'],
      middleware: [operate] as const,
      request: { params: serviceParams },
      responses: { 200: written('The service, rolling back'), ...errorResponses(404, 409, 503) },
    }),
    async (c) => c.json({ data: await swarmServiceOps.rollback(c.get('cluster'), c.get('principal'), c.req.valid('param').serviceId) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{uuid}/services/{serviceId}/force-update',
      summary: 'Replace every task of a service, its spec unchanged',
      tags: ['Services'],
      middleware: [operate] as const,
      request: { params: serviceParams },
      responses: { 200: written('The service, updating'), ...errorResponses(404, 409, 503) },
    }),
    async (c) => c.json({ data: await swarmServiceOps.forceUpdate(c.get('cluster'), c.get('principal'), c.req.valid('param').serviceId) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/{uuid}/services/{serviceId}',
      summary: 'Remove a service',
      tags: ['Services'],
      middleware: [operate] as const,
      request: { params: serviceParams },
      responses: { 200: written('The service removed'), ...errorResponses(404, 409, 503) },
    }),
    async (c) => c.json({ data: await swarmServiceOps.remove(c.get('cluster'), c.get('principal'), c.req.valid('param').serviceId) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{uuid}/services/{serviceId}/progress',
      summary: 'How far a service is from its spec: tasks on the current spec, a paused or failed rolling update',
      tags: ['Services'],
      request: { params: serviceParams },
      responses: { 200: jsonResponse(dataOf(serviceProgressSchema), 'The progress'), ...errorResponses(404, 503) },
    }),
    async (c) => c.json({ data: await swarmServiceOps.progress(c.get('cluster'), c.req.valid('param').serviceId) }, 200),
  );

  /**
   * Without `follow`: JSON lines. With `follow`: server-sent events (`event: stdout|stderr`) when the client
   * accepts them, else plain text, until the client goes away.
   */
  app.openapi(
    createRoute({
      method: 'get',
      path: '/{uuid}/services/{serviceId}/logs',
      summary: 'A service’s log lines: the recent ones, or followed',
      description:
        'Without `follow`: JSON. With `follow=true`: server-sent events (`event: stdout|stderr`) for `Accept: text/event-stream`, else plain text, until the client goes away.',
      tags: ['Services'],
      request: { params: serviceParams, query: serviceLogsQuery },
      responses: {
        200: {
          description: 'The lines, oldest first',
          content: {
            'application/json': { schema: z.strictObject({ data: serviceLogsSchema, meta: truncatedMetaSchema }) },
            'text/event-stream': { schema: z.string().meta({ description: 'With `follow`: one event per line, named by its stream' }) },
            'text/plain': { schema: z.string().meta({ description: 'With `follow`, without `Accept: text/event-stream`: one line each' }) },
          },
        },
        ...errorResponses(400, 404, 429, 503),
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const cluster = c.get('cluster');
      const serviceRef = c.req.valid('param').serviceId;
      if (!query.follow) {
        const logs = await swarmServiceOps.recentLogs(cluster, serviceRef, { tail: query.tail, timestamps: query.timestamps });
        return c.json({ data: { service: logs.service, lines: logs.lines }, meta: { truncated: logs.truncated } }, 200);
      }
      const abort = new AbortController();
      c.req.raw.signal.addEventListener('abort', () => abort.abort(), { once: true });
      // Opened before answering, so an unknown service or an unreachable cluster is an ordinary error response.
      const { follow: _follow, ...options } = query;
      const { lines } = await swarmServiceOps.followLogs(cluster, c.get('principal'), serviceRef, options, abort.signal);
      // no-transform: a compressing host or proxy would hold the lines back until a gzip block fills.
      c.header('Cache-Control', 'no-store, no-transform');
      const sse = (c.req.header('accept') ?? '').includes('text/event-stream');
      if (sse) {
        return streamLogLines(c, lines, abort, (line) => line.text);
      }
      c.header('Content-Type', 'text/plain; charset=utf-8');
      return stream(c, async (out) => {
        out.onAbort(() => abort.abort());
        try {
          for await (const line of lines) await out.write(`${line.text}\n`);
        } finally {
          abort.abort();
        }
      });
    },
  );

  return app;
}
