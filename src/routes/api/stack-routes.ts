/** Stacks of the JSON API, under `/:uuid` (the cluster is loaded and team-scoped before). */
import { Hono } from 'hono';
import { z } from 'zod';
import type { PluginServices } from '../../services/plugin-services.ts';
import { deployStackInput, stackNameSchema } from '../../services/stack-inputs.ts';
import { type PluginEnv, requireAction } from '../auth.ts';
import { fetchedJson } from './cluster-json.ts';
import { jsonBody, pathParams } from './validate.ts';

const stackParams = z.object({ name: stackNameSchema });

export function stackRoutes(ctx: Pick<PluginServices, 'host' | 'stacks'>): Hono<PluginEnv> {
  const { host, stacks } = ctx;
  const app = new Hono<PluginEnv>();
  const operate = requireAction(host, 'cluster.operate');

  app.get('/:uuid/stacks', async (c) => c.json(fetchedJson(await stacks.list(c.get('cluster')))));

  app.get('/:uuid/stacks/:name', async (c) => {
    const { name } = pathParams(c, stackParams);
    return c.json(fetchedJson(await stacks.get(c.get('cluster'), name)));
  });

  app.get('/:uuid/stacks/:name/progress', async (c) => {
    const { name } = pathParams(c, stackParams);
    return c.json(fetchedJson(await stacks.progress(c.get('cluster'), name)));
  });

  /** Deploys (201 with what was created, updated and removed), or with `dryRun` only checks the file. */
  app.post('/:uuid/stacks', operate, async (c) => {
    const input = await jsonBody(c, deployStackInput);
    if (input.dryRun) return c.json({ data: stacks.preview(input) });
    return c.json({ data: await stacks.deploy(c.get('cluster'), c.get('principal'), input) });
  });

  app.delete('/:uuid/stacks/:name', operate, async (c) => {
    const { name } = pathParams(c, stackParams);
    return c.json({ data: await stacks.remove(c.get('cluster'), c.get('principal'), name) });
  });

  return app;
}
