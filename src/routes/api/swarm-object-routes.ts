/**
 * Secrets, configs and their rotations in the JSON API, under `/:uuid` (the cluster is loaded and
 * team-scoped before). No answer ever carries a secret's value; a config's content is readable (capped).
 */
import { Hono } from 'hono';
import type { SwarmObjectKind } from '../../domain/swarm-object-names.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import { createConfigInput, createSecretInput, rotateConfigInput, rotateSecretInput } from '../../services/swarm-object-inputs.ts';
import { type PluginEnv, requireAction } from '../auth.ts';
import { fetchedJson } from './cluster-json.ts';
import { jsonBody } from './validate.ts';

const encoder = new TextEncoder();

export function swarmObjectRoutes(ctx: Pick<PluginServices, 'host' | 'objects' | 'rotations'>): Hono<PluginEnv> {
  const { host, objects, rotations } = ctx;
  const app = new Hono<PluginEnv>();
  const operate = requireAction(host, 'cluster.operate');

  const kinds: { kind: SwarmObjectKind; path: string }[] = [
    { kind: 'secret', path: 'secrets' },
    { kind: 'config', path: 'configs' },
  ];
  for (const { kind, path } of kinds) {
    app.get(`/:uuid/${path}`, async (c) => c.json(fetchedJson(await objects.list(c.get('cluster'), kind))));

    app.delete(`/:uuid/${path}/:id`, operate, async (c) =>
      c.json({ data: await objects.remove(c.get('cluster'), c.get('principal'), kind, c.req.param('id')) }),
    );
  }

  app.get('/:uuid/secrets/:id', async (c) => c.json(fetchedJson(await objects.get(c.get('cluster'), 'secret', c.req.param('id')))));
  app.get('/:uuid/configs/:id', async (c) => c.json(fetchedJson(await objects.config(c.get('cluster'), c.req.param('id')))));

  app.post('/:uuid/secrets', operate, async (c) => {
    const { name, value, labels } = await jsonBody(c, createSecretInput);
    return c.json({ data: await objects.create(c.get('cluster'), c.get('principal'), 'secret', { name, labels, content: encoder.encode(value) }) }, 201);
  });

  app.post('/:uuid/configs', operate, async (c) => {
    const { name, data, labels } = await jsonBody(c, createConfigInput);
    return c.json({ data: await objects.create(c.get('cluster'), c.get('principal'), 'config', { name, labels, content: encoder.encode(data) }) }, 201);
  });

  app.post('/:uuid/secrets/:id/rotate', operate, async (c) => {
    const { value } = await jsonBody(c, rotateSecretInput);
    return c.json({ data: await rotations.start(c.get('cluster'), c.get('principal'), 'secret', c.req.param('id'), encoder.encode(value)) }, 202);
  });

  app.post('/:uuid/configs/:id/rotate', operate, async (c) => {
    const { data } = await jsonBody(c, rotateConfigInput);
    return c.json({ data: await rotations.start(c.get('cluster'), c.get('principal'), 'config', c.req.param('id'), encoder.encode(data)) }, 202);
  });

  app.get('/:uuid/rotations/:rotationId', (c) => c.json({ data: rotations.get(c.get('cluster'), c.req.param('rotationId')) }));

  app.post('/:uuid/rotations/:rotationId/resume', operate, (c) =>
    c.json({ data: rotations.resume(c.get('cluster'), c.get('principal'), c.req.param('rotationId')) }, 202),
  );

  return app;
}
