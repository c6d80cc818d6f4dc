/** JSON REST API of clusters, mounted by the host at e.g. `/api/v1/clusters`. */
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Cluster } from '../../domain/cluster.ts';
import { servicesByName } from '../../domain/display-order.ts';
import { deliveryPreferencesInput } from '../../domain/notification-kinds.ts';
import { serviceListPage } from '../../domain/service-list.ts';
import { createClusterInput, eventQueryInput, serviceListQuery, taskQueryInput, updateClusterInput } from '../../services/cluster-inputs.ts';
import { taskLogsQuery } from '../../services/operation-inputs.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import { allows, authorize, type PluginEnv, requireAction, requirePrincipal } from '../auth.ts';
import { apiErrorHandler } from '../errors.ts';
import { clusterJson, fetchedJson } from './cluster-json.ts';
import { fetchedResponse } from './fetched-response.ts';
import { nodeOperationRoutes } from './node-routes.ts';
import { stackRoutes } from './stack-routes.ts';
import { swarmObjectRoutes } from './swarm-object-routes.ts';
import { swarmServiceOperationRoutes } from './swarm-service-routes.ts';
import { jsonBody, queryParams } from './validate.ts';

export function clusterApi(ctx: PluginServices): Hono<PluginEnv> {
  const { host, clusters, state, sync, detection, eventHistory, clusterSettings, notificationPreferences } = ctx;
  const app = new Hono<PluginEnv>();

  app.onError(apiErrorHandler(host));
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404));

  app.use('*', requirePrincipal(host));

  /**
   * Resolves `:uuid` in the principal's team first, so another team's cluster is a 404 on every route, and one on
   * servers the host keeps the member from too.
   */
  const loadCluster = createMiddleware<PluginEnv>(async (c, next) => {
    const cluster = clusters.get(c.get('principal').teamId, c.req.param('uuid') ?? '');
    c.set('cluster', cluster);
    c.set('clusterServers', clusters.serverRefs(cluster));
    await authorize(host, c.get('principal'), 'cluster.view', c.get('clusterServers'));
    await next();
  });
  const canUpdate = requireAction(host, 'cluster.update');
  const json = (cluster: Cluster) => clusterJson(cluster, clusters.servers(cluster), clusterSettings.of(cluster));
  const respond = (cluster: Cluster) => ({ data: json(cluster) });

  app.get('/', requireAction(host, 'cluster.view'), async (c) => {
    const principal = c.get('principal');
    const listed = [];
    // Only the clusters on servers the host lets the member use.
    for (const cluster of clusters.list(principal.teamId))
      if (await allows(host, principal, 'cluster.view', clusters.serverRefs(cluster))) listed.push(cluster);
    return c.json({ data: listed.map(json) });
  });

  app.post('/', requireAction(host, 'cluster.create'), async (c) => {
    const input = await jsonBody(c, createClusterInput);
    await authorize(host, c.get('principal'), 'cluster.create', [{ serverId: input.managerServerId, manager: true }]);
    return c.json(respond(await clusters.create(c.get('principal').teamId, input)), 201);
  });

  app.post('/detect', requireAction(host, 'cluster.create'), async (c) => {
    const result = await detection.detect(c.get('principal').teamId);
    return c.json({
      data: result.clusters.map(json),
      meta: { created: result.created, skipped: result.skipped },
    });
  });

  // The team's notification preferences for all its clusters (before `/:uuid`, which would take the name for one).
  app.get('/notification-preferences', requireAction(host, 'cluster.view'), (c) =>
    c.json({ data: notificationPreferences.list(c.get('principal').teamId, null) }),
  );
  app.put('/notification-preferences', requireAction(host, 'cluster.update'), async (c) => {
    const change = await jsonBody(c, deliveryPreferencesInput);
    return c.json({ data: notificationPreferences.save(c.get('principal').teamId, null, change) });
  });

  app.use('/:uuid', loadCluster);
  app.use('/:uuid/*', loadCluster);
  app.route('/', nodeOperationRoutes(ctx));
  app.route('/', swarmServiceOperationRoutes(ctx));
  app.route('/', swarmObjectRoutes(ctx));
  app.route('/', stackRoutes(ctx));

  app.get('/:uuid', (c) => c.json(respond(c.get('cluster'))));

  app.patch('/:uuid', canUpdate, async (c) => {
    const input = await jsonBody(c, updateClusterInput);
    if (input.managerServerId) {
      const servers = [...(c.get('clusterServers') ?? []), { serverId: input.managerServerId, manager: true }];
      await authorize(host, c.get('principal'), 'cluster.update', servers);
    }
    return c.json(respond(await clusters.update(c.get('cluster'), input)));
  });

  app.delete('/:uuid', requireAction(host, 'cluster.delete'), (c) => {
    clusters.delete(c.get('cluster'));
    return c.body(null, 204);
  });

  app.get('/:uuid/notification-preferences', (c) => c.json({ data: notificationPreferences.list(c.get('principal').teamId, c.get('cluster')) }));
  app.put('/:uuid/notification-preferences', canUpdate, async (c) => {
    const change = await jsonBody(c, deliveryPreferencesInput);
    return c.json({ data: notificationPreferences.save(c.get('principal').teamId, c.get('cluster'), change) });
  });

  app.post('/:uuid/sync', canUpdate, async (c) => c.json(respond(await sync.sync(c.get('cluster')))));

  app.get('/:uuid/nodes', async (c) => fetchedResponse(c, await state.nodes(c.get('cluster'))));
  app.get('/:uuid/nodes/:nodeId', async (c) => fetchedResponse(c, await state.node(c.get('cluster'), c.req.param('nodeId'))));
  app.get('/:uuid/services', async (c) => {
    const { offset, limit, ...filter } = queryParams(c, serviceListQuery);
    const services = await state.services(c.get('cluster'));
    // In name order, so pages follow one another whatever order the engine listed them in.
    const page = serviceListPage(servicesByName(services.data), filter, { offset, limit: limit ?? null });
    const json = fetchedJson({ ...services, data: page.services });
    return c.json({ ...json, meta: { ...json.meta, matching: page.matching, total: page.total, offset: page.offset, limit: page.limit } });
  });
  app.get('/:uuid/services/:serviceId', async (c) => fetchedResponse(c, await state.service(c.get('cluster'), c.req.param('serviceId'))));
  app.get('/:uuid/services/:serviceId/tasks', async (c) => {
    const cluster = c.get('cluster');
    const service = await state.service(cluster, c.req.param('serviceId'));
    return fetchedResponse(c, await state.tasks(cluster, { serviceId: service.data.id }));
  });
  app.get('/:uuid/tasks', async (c) => {
    const query = queryParams(c, taskQueryInput);
    const cluster = c.get('cluster');
    const nodeId = query.node ? (await state.node(cluster, query.node)).data.id : undefined;
    const serviceId = query.service ? (await state.service(cluster, query.service)).data.id : undefined;
    return fetchedResponse(c, await state.tasks(cluster, { nodeId, serviceId }));
  });
  app.get('/:uuid/tasks/:taskId/logs', async (c) => {
    const query = queryParams(c, taskLogsQuery);
    const logs = await ctx.swarmServiceOps.taskLogs(c.get('cluster'), c.req.param('taskId'), query);
    return c.json({ data: { service: logs.service, task: logs.task, lines: logs.lines }, meta: { truncated: logs.truncated } });
  });
  app.get('/:uuid/nodes/:nodeId/resources', async (c) => {
    const cluster = c.get('cluster');
    const since = Date.now();
    const node = await state.node(cluster, c.req.param('nodeId'));
    const [reading] = await ctx.resources.read(cluster, [node.data], since);
    return c.json({ data: reading });
  });
  app.get('/:uuid/visualizer', async (c) => fetchedResponse(c, await state.visualizer(c.get('cluster'))));

  app.get('/:uuid/events', (c) => {
    const query = queryParams(c, eventQueryInput);
    const rows = eventHistory.list(c.get('cluster'), {
      type: query.type,
      action: query.action,
      service: query.service ? [query.service] : undefined,
      node: query.node ? [query.node] : undefined,
      since: query.since,
      until: query.until,
      beforeId: query.before,
      limit: query.limit,
    });
    const data = rows.map((e) => ({
      id: e.id,
      type: e.eventType,
      action: e.action,
      actorId: e.actorId,
      actorName: e.actorName,
      attributes: e.attributes ?? {},
      scope: e.scope,
      time: e.eventTime,
      principal: e.principal,
    }));
    const last = data.at(-1);
    return c.json({ data, meta: { nextBefore: data.length === query.limit && last ? last.id : null } });
  });

  return app;
}
