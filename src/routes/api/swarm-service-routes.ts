/** Service operations of the JSON API, under `/:uuid` (the cluster is loaded and team-scoped before). */
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { scaleInput, serviceLogsQuery } from '../../services/operation-inputs.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import { type PluginEnv, requireAction } from '../auth.ts';
import { streamLogLines } from '../sse.ts';
import { jsonBody, queryParams } from './validate.ts';

export function swarmServiceOperationRoutes(ctx: Pick<PluginServices, 'host' | 'swarmServiceOps'>): Hono<PluginEnv> {
  const { host, swarmServiceOps } = ctx;
  const app = new Hono<PluginEnv>();
  const operate = requireAction(host, 'cluster.operate');

  app.post('/:uuid/services/:serviceId/scale', operate, async (c) => {
    const { replicas } = await jsonBody(c, scaleInput);
    return c.json({ data: await swarmServiceOps.scale(c.get('cluster'), c.get('principal'), c.req.param('serviceId'), replicas) });
  });

  app.post('/:uuid/services/:serviceId/rollback', operate, async (c) =>
    c.json({ data: await swarmServiceOps.rollback(c.get('cluster'), c.get('principal'), c.req.param('serviceId')) }),
  );

  app.post('/:uuid/services/:serviceId/force-update', operate, async (c) =>
    c.json({ data: await swarmServiceOps.forceUpdate(c.get('cluster'), c.get('principal'), c.req.param('serviceId')) }),
  );

  app.delete('/:uuid/services/:serviceId', operate, async (c) =>
    c.json({ data: await swarmServiceOps.remove(c.get('cluster'), c.get('principal'), c.req.param('serviceId')) }),
  );

  app.get('/:uuid/services/:serviceId/progress', async (c) => c.json({ data: await swarmServiceOps.progress(c.get('cluster'), c.req.param('serviceId')) }));

  /**
   * Without `follow`: JSON lines. With `follow`: server-sent events (`event: stdout|stderr`) when the client
   * accepts them, else plain text, until the client goes away.
   */
  app.get('/:uuid/services/:serviceId/logs', async (c) => {
    const query = queryParams(c, serviceLogsQuery);
    const cluster = c.get('cluster');
    const serviceRef = c.req.param('serviceId');
    if (!query.follow) {
      const logs = await swarmServiceOps.recentLogs(cluster, serviceRef, { tail: query.tail, timestamps: query.timestamps });
      return c.json({ data: { service: logs.service, lines: logs.lines }, meta: { truncated: logs.truncated } });
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
  });

  return app;
}
