/**
 * Secrets, configs and their rotations in the JSON API, under `/:uuid` (the cluster is loaded and
 * team-scoped before). No answer ever carries a secret's value; a config's content is readable (capped).
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { SwarmObjectKind } from '../../domain/swarm-object-names.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import { createConfigInput, createSecretInput, rotateConfigInput, rotateSecretInput } from '../../services/swarm-object-inputs.ts';
import { type PluginEnv, requireAction } from '../auth.ts';
import { fetchedJson } from './cluster-json.ts';
import { apiRouter, dataOf, errorResponses, fetchedOf, jsonRequestBody, jsonResponse } from './openapi.ts';
import { clusterParams, rotationParams, swarmObjectParams } from './schemas/params.ts';
import { configWithContentSchema, removedObjectSchema, rotationSchema, swarmObjectSchema } from './schemas/swarm-objects.ts';
import { readJsonBody } from './validate.ts';

const encoder = new TextEncoder();

export function swarmObjectRoutes(ctx: Pick<PluginServices, 'host' | 'objects' | 'rotations'>): OpenAPIHono<PluginEnv> {
  const { host, objects, rotations } = ctx;
  const app = apiRouter();
  const operate = requireAction(host, 'cluster.operate');
  const rotation = (description: string) => jsonResponse(dataOf(rotationSchema), description);

  const kinds: { kind: SwarmObjectKind; path: 'secrets' | 'configs'; tag: string }[] = [
    { kind: 'secret', path: 'secrets', tag: 'Secrets' },
    { kind: 'config', path: 'configs', tag: 'Configs' },
  ];
  for (const { kind, path, tag } of kinds) {
    app.openapi(
      createRoute({
        method: 'get',
        path: `/{uuid}/${path}`,
        summary: `The swarm’s ${path}, with the services using each`,
        tags: [tag],
        request: { params: clusterParams },
        responses: { 200: jsonResponse(fetchedOf(z.array(swarmObjectSchema)), `The ${path}`), ...errorResponses(404, 503) },
      }),
      async (c) => c.json(fetchedJson(await objects.list(c.get('cluster'), kind)), 200),
    );

    app.openapi(
      createRoute({
        method: 'delete',
        path: `/{uuid}/${path}/{id}`,
        summary: `Remove a ${kind} (refused while a service uses it)`,
        tags: [tag],
        middleware: [operate] as const,
        request: { params: swarmObjectParams },
        responses: { 200: jsonResponse(dataOf(removedObjectSchema), `The ${kind} removed`), ...errorResponses(404, 409, 503) },
      }),
      async (c) => c.json({ data: await objects.remove(c.get('cluster'), c.get('principal'), kind, c.req.valid('param').id) }, 200),
    );
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{uuid}/secrets/{id}',
      summary: 'One secret (its name and uses: never its value)',
      tags: ['Secrets'],
      request: { params: swarmObjectParams },
      responses: { 200: jsonResponse(fetchedOf(swarmObjectSchema), 'The secret'), ...errorResponses(404, 503) },
    }),
    async (c) => c.json(fetchedJson(await objects.get(c.get('cluster'), 'secret', c.req.valid('param').id)), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/{uuid}/configs/{id}',
      summary: 'One config, with its content (capped)',
      tags: ['Configs'],
      request: { params: swarmObjectParams },
      responses: { 200: jsonResponse(fetchedOf(configWithContentSchema), 'The config'), ...errorResponses(404, 503) },
    }),
    async (c) => c.json(fetchedJson(await objects.config(c.get('cluster'), c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{uuid}/secrets',
      summary: 'Create a secret (the value goes to the swarm only: never stored or answered)',
      tags: ['Secrets'],
      middleware: [operate, readJsonBody] as const,
      request: { params: clusterParams, ...jsonRequestBody(createSecretInput) },
      responses: { 201: jsonResponse(dataOf(swarmObjectSchema), 'The secret, created'), ...errorResponses(400, 404, 409, 503) },
    }),
    async (c) => {
      const { name, value, labels } = c.req.valid('json');
      return c.json({ data: await objects.create(c.get('cluster'), c.get('principal'), 'secret', { name, labels, content: encoder.encode(value) }) }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{uuid}/configs',
      summary: 'Create a config',
      tags: ['Configs'],
      middleware: [operate, readJsonBody] as const,
      request: { params: clusterParams, ...jsonRequestBody(createConfigInput) },
      responses: { 201: jsonResponse(dataOf(swarmObjectSchema), 'The config, created'), ...errorResponses(400, 404, 409, 503) },
    }),
    async (c) => {
      const { name, data, labels } = c.req.valid('json');
      return c.json({ data: await objects.create(c.get('cluster'), c.get('principal'), 'config', { name, labels, content: encoder.encode(data) }) }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{uuid}/secrets/{id}/rotate',
      summary: 'Rotate a secret: create its next version, move its services to it, remove the old one (in the background)',
      tags: ['Secrets'],
      middleware: [operate, readJsonBody] as const,
      request: { params: swarmObjectParams, ...jsonRequestBody(rotateSecretInput) },
      responses: { 202: rotation('The rotation, started: follow it with `GET /{uuid}/rotations/{rotationId}`'), ...errorResponses(400, 404, 409, 503) },
    }),
    async (c) =>
      c.json(
        { data: await rotations.start(c.get('cluster'), c.get('principal'), 'secret', c.req.valid('param').id, encoder.encode(c.req.valid('json').value)) },
        202,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{uuid}/configs/{id}/rotate',
      summary: 'Rotate a config: create its next version, move its services to it, remove the old one (in the background)',
      tags: ['Configs'],
      middleware: [operate, readJsonBody] as const,
      request: { params: swarmObjectParams, ...jsonRequestBody(rotateConfigInput) },
      responses: { 202: rotation('The rotation, started: follow it with `GET /{uuid}/rotations/{rotationId}`'), ...errorResponses(400, 404, 409, 503) },
    }),
    async (c) =>
      c.json(
        { data: await rotations.start(c.get('cluster'), c.get('principal'), 'config', c.req.valid('param').id, encoder.encode(c.req.valid('json').data)) },
        202,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{uuid}/rotations/{rotationId}',
      summary: 'A rotation and its steps',
      tags: ['Secrets', 'Configs'],
      request: { params: rotationParams },
      responses: { 200: rotation('The rotation'), ...errorResponses(404) },
    }),
    (c) => c.json({ data: rotations.get(c.get('cluster'), c.req.valid('param').rotationId) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{uuid}/rotations/{rotationId}/resume',
      summary: 'Resume a stopped rotation from the step it stopped at',
      tags: ['Secrets', 'Configs'],
      middleware: [operate] as const,
      request: { params: rotationParams },
      responses: { 202: rotation('The rotation, running again'), ...errorResponses(404, 409) },
    }),
    (c) => c.json({ data: rotations.resume(c.get('cluster'), c.get('principal'), c.req.valid('param').rotationId) }, 202),
  );

  return app;
}
