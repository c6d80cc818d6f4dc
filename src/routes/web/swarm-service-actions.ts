/**
 * The service actions of the pages: scale, roll back, force update and remove answer with a fragment for
 * the service row's panel (the update's progress, polling itself, or why it was refused); the logs page
 * shows the last lines and follows new ones over server-sent events.
 */
import { type Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { ServiceOutcome, ServiceProgressPanel, serviceUrl } from '../../../views/service-actions.tsx';
import { ServiceLogs } from '../../../views/service-logs.tsx';
import type { HostInfo } from '../../contract/host.ts';
import { ServiceError } from '../../services/errors.ts';
import { scaleInput, serviceLogsQuery } from '../../services/operation-inputs.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import type { SwarmServiceWriteResult } from '../../services/swarm-service-operations.ts';
import type { PluginEnv } from '../auth.ts';
import { reportFailure, reportText } from '../errors.ts';
import { streamLogLines } from '../sse.ts';
import { formNumber, panelHandlers, parseForm, refreshPage } from './operation-support.ts';
import { clusterPage, clusterScope, clusterUrls, htmlFragment, type PageServices, webAssets } from './page-support.ts';

const LABEL_REFRESH_MS = 3_000;
const LOG_PAGE_TAILS = [100, 500, 2000] as const;

export function swarmServiceActionRoutes(ctx: PageServices & Pick<PluginServices, 'swarmServiceOps'>, info: HostInfo): Hono<PluginEnv> {
  const { swarmServiceOps } = ctx;
  const app = new Hono<PluginEnv>();
  const scope = clusterScope(ctx);
  const base = (c: Context<PluginEnv>) => clusterUrls(info, c.get('cluster').uuid).base;
  const serviceRef = (c: Context<PluginEnv>) => c.req.param('serviceId') ?? '';
  const { read, operate } = panelHandlers(ctx, (message) => ServiceOutcome({ tone: 'error', message }));

  /** After a write: the progress of the service, read fresh. */
  async function progressOf(c: Context<PluginEnv>, written: SwarmServiceWriteResult, action: string) {
    refreshPage(c);
    const progress = await swarmServiceOps.progress(c.get('cluster'), written.id);
    return ServiceProgressPanel({ base: base(c), progress, action, warnings: written.warnings });
  }

  app.post(
    '/:uuid/services/:serviceId/scale',
    scope,
    operate(async (c) => {
      const form = await c.req.parseBody();
      const { replicas } = parseForm(scaleInput, { replicas: form.replicas === '' ? undefined : formNumber(form.replicas) });
      const written = await swarmServiceOps.scale(c.get('cluster'), c.get('principal'), serviceRef(c), replicas);
      return progressOf(c, written, `Scaled from ${written.previous} to ${replicas}`);
    }),
  );

  app.post(
    '/:uuid/services/:serviceId/rollback',
    scope,
    operate(async (c) => progressOf(c, await swarmServiceOps.rollback(c.get('cluster'), c.get('principal'), serviceRef(c)), 'Rolling back')),
  );

  app.post(
    '/:uuid/services/:serviceId/force-update',
    scope,
    operate(async (c) => progressOf(c, await swarmServiceOps.forceUpdate(c.get('cluster'), c.get('principal'), serviceRef(c)), 'Replacing every task')),
  );

  app.post(
    '/:uuid/services/:serviceId/remove',
    scope,
    operate(async (c) => {
      const removed = await swarmServiceOps.remove(c.get('cluster'), c.get('principal'), serviceRef(c));
      refreshPage(c);
      return ServiceOutcome({ tone: 'ok', message: `${removed.name} was removed.` });
    }),
  );

  // Polled by the progress panel; a read, so viewers may watch it too.
  app.get(
    '/:uuid/services/:serviceId/progress',
    scope,
    read(async (c) => {
      const progress = await swarmServiceOps.progress(c.get('cluster'), serviceRef(c));
      if (progress.settled) refreshPage(c);
      return ServiceProgressPanel({ base: base(c), progress, action: c.req.query('action')?.slice(0, 100) });
    }),
  );

  app.get('/:uuid/services/:serviceId/logs', scope, async (c) => {
    const parsed = serviceLogsQuery.safeParse({ tail: c.req.query('tail') ?? '500' });
    const tail = parsed.success ? parsed.data.tail : 500;
    const url = serviceUrl(base(c), serviceRef(c));
    const scriptUrl = webAssets(info).url('service-logs.js');
    let view;
    try {
      const cluster = c.get('cluster');
      const logs = await swarmServiceOps.recentLogs(cluster, serviceRef(c), { tail, timestamps: false });
      const labels = await swarmServiceOps.taskLabels(cluster, logs.service.id);
      const lines = logs.lines.map((line) => ({ ...line, source: line.taskId ? labels.get(line.taskId) : undefined }));
      view = ServiceLogs({ service: logs.service, url, lines, truncated: logs.truncated, tail, tails: LOG_PAGE_TAILS, scriptUrl });
    } catch (error) {
      const report = await reportFailure(c, ctx.host, error);
      // An unknown service is the page handler's 404; other failures are shown on the page.
      if (report.status === 404) throw error;
      view = ServiceLogs({
        service: { id: serviceRef(c), name: serviceRef(c) },
        url,
        lines: [],
        truncated: false,
        tail,
        tails: LOG_PAGE_TAILS,
        scriptUrl,
        error: reportText(report),
      });
    }
    if (c.req.header('HX-Request') === 'true') return htmlFragment(c, view);
    return clusterPage(c, ctx, info, { title: 'Logs', section: 'services', children: view });
  });

  /** New lines as server-sent events (`stdout` / `stderr`, data `{text, source}`), until the page goes away. */
  app.get('/:uuid/services/:serviceId/logs/stream', scope, async (c) => {
    const cluster = c.get('cluster');
    const abort = new AbortController();
    c.req.raw.signal.addEventListener('abort', () => abort.abort(), { once: true });
    let opened;
    try {
      opened = await swarmServiceOps.followLogs(cluster, c.get('principal'), serviceRef(c), { tail: 0, timestamps: false }, abort.signal);
    } catch (error) {
      if (!(error instanceof ServiceError && error.code === 'too_many_streams')) throw error;
      // An EventSource cannot read the body of a refusal: the reason comes as an event, shown by the page.
      return streamSSE(c, (out) => out.writeSSE({ event: 'refused', data: error.message }));
    }
    const { service, lines } = opened;
    let labels = await swarmServiceOps.taskLabels(cluster, service.id);
    let labelledAt = Date.now();
    /** A task started after the page opened: its name is read again, at most every few seconds. */
    const sourceOf = async (taskId: string | undefined) => {
      if (!taskId) return undefined;
      if (!labels.has(taskId) && Date.now() - labelledAt > LABEL_REFRESH_MS) {
        labelledAt = Date.now();
        labels = await swarmServiceOps.taskLabels(cluster, service.id).catch(() => labels);
      }
      return labels.get(taskId);
    };
    c.header('Cache-Control', 'no-store');
    return streamLogLines(c, lines, abort, async (line) => JSON.stringify({ text: line.text, source: await sourceOf(line.taskId) }));
  });

  return app;
}
