/** JSON REST API of clusters, mounted by the host at e.g. `/api/v1/clusters`, described at `/openapi.json`. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import type { Cluster } from '../../domain/cluster.ts';
import { servicesByName } from '../../domain/display-order.ts';
import { deliveryPreferencesInput } from '../../domain/notification-kinds.ts';
import { serviceListPage } from '../../domain/service-list.ts';
import type { SwarmServiceSummary } from '../../domain/swarm-summaries.ts';
import { createClusterInput, eventQueryInput, serviceListQuery, taskQueryInput, updateClusterInput } from '../../services/cluster-inputs.ts';
import { taskLogsQuery } from '../../services/operation-inputs.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import { allows, authorize, type PluginEnv, requireAction, requirePrincipal } from '../auth.ts';
import { apiErrorHandler } from '../errors.ts';
import { clusterJson } from './cluster-json.ts';
import { fetchedResponse } from './fetched-response.ts';
import { nodeOperationRoutes } from './node-routes.ts';
import { apiDocument, apiRouter, dataOf, errorResponses, fetchedOf, jsonRequestBody, jsonResponse } from './openapi.ts';
import { clusterSchema, detectionMetaSchema, eventPageMetaSchema, notificationPreferenceSchema, storedEventSchema } from './schemas/clusters.ts';
import { clusterParams, nodeParams, serviceParams, taskParams } from './schemas/params.ts';
import {
  nodeResourcesSchema,
  nodeSchema,
  servicePageMetaSchema,
  serviceSchema,
  taskLogsSchema,
  taskSchema,
  truncatedMetaSchema,
  visualizerNodeSchema,
} from './schemas/swarm.ts';
import { stackRoutes } from './stack-routes.ts';
import { swarmObjectRoutes } from './swarm-object-routes.ts';
import { swarmServiceOperationRoutes } from './swarm-service-routes.ts';
import { readJsonBody } from './validate.ts';

const servicesInNameOrder = new WeakMap<object, SwarmServiceSummary[]>();

/** A snapshot's services in name order, sorted once per snapshot. */
function inNameOrder(services: SwarmServiceSummary[]): SwarmServiceSummary[] {
  let sorted = servicesInNameOrder.get(services);
  if (!sorted) {
    sorted = servicesByName(services);
    servicesInNameOrder.set(services, sorted);
  }
  return sorted;
}

/** `mount`: where the host serves the API, the document's server URL. */
export function clusterApi(ctx: PluginServices, info: { mount: string; version: string }): OpenAPIHono<PluginEnv> {
  const { host, clusters, state, sync, detection, eventHistory, clusterSettings, notificationPreferences } = ctx;
  const app = apiRouter();

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
  const canView = requireAction(host, 'cluster.view');
  const canCreate = requireAction(host, 'cluster.create');
  const canUpdate = requireAction(host, 'cluster.update');
  const json = (cluster: Cluster) => clusterJson(cluster, clusters.servers(cluster), clusterSettings.of(cluster));
  const respond = (cluster: Cluster) => ({ data: json(cluster) });
  const oneCluster = (description: string) => jsonResponse(dataOf(clusterSchema), description);
  const preferences = jsonResponse(dataOf(z.array(notificationPreferenceSchema)), 'Each notification kind and how it is delivered');

  // Before `/:uuid`, which would take the name for a cluster's.
  let document: ReturnType<typeof apiDocument> | undefined;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/openapi.json',
      summary: 'This document (OpenAPI 3.1)',
      tags: ['API'],
      responses: { 200: jsonResponse(z.record(z.string(), z.unknown()), 'The OpenAPI document of this API'), ...errorResponses() },
    }),
    // Built on first request: by then every route is registered.
    (c) => c.json((document ??= apiDocument(app, info)), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'The clusters of the caller’s team',
      tags: ['Clusters'],
      middleware: [canView] as const,
      responses: { 200: jsonResponse(dataOf(z.array(clusterSchema)), 'The clusters'), ...errorResponses() },
    }),
    async (c) => {
      const principal = c.get('principal');
      const listed = [];
      // Only the clusters on servers the host lets the member use.
      for (const cluster of clusters.list(principal.teamId))
        if (await allows(host, principal, 'cluster.view', clusters.serverRefs(cluster))) listed.push(cluster);
      return c.json({ data: listed.map(json) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/',
      summary: 'Add a cluster by hand, from a panel server that is one of its managers',
      tags: ['Clusters'],
      middleware: [canCreate, readJsonBody] as const,
      request: jsonRequestBody(createClusterInput),
      responses: { 201: oneCluster('The cluster, added'), ...errorResponses(400, 409, 503) },
    }),
    async (c) => {
      const input = c.req.valid('json');
      await authorize(host, c.get('principal'), 'cluster.create', [{ serverId: input.managerServerId, manager: true }]);
      return c.json(respond(await clusters.create(c.get('principal').teamId, input)), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/detect',
      summary: 'Find the swarms the team’s servers are managers of, and add the new ones',
      tags: ['Clusters'],
      middleware: [canCreate] as const,
      responses: {
        200: jsonResponse(z.strictObject({ data: z.array(clusterSchema), meta: detectionMetaSchema }), 'The clusters added, and the servers skipped with why'),
        ...errorResponses(),
      },
    }),
    async (c) => {
      const result = await detection.detect(c.get('principal').teamId);
      return c.json({ data: result.clusters.map(json), meta: { created: result.created, skipped: result.skipped } }, 200);
    },
  );

  // The team's notification preferences for all its clusters.
  app.openapi(
    createRoute({
      method: 'get',
      path: '/notification-preferences',
      summary: 'The team’s notification preferences, for all its clusters',
      tags: ['Notifications'],
      middleware: [canView] as const,
      responses: { 200: preferences, ...errorResponses() },
    }),
    (c) => c.json({ data: notificationPreferences.list(c.get('principal').teamId, null) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/notification-preferences',
      summary: 'Change the team’s notification preferences (null returns a kind to its default)',
      tags: ['Notifications'],
      middleware: [canUpdate, readJsonBody] as const,
      request: jsonRequestBody(deliveryPreferencesInput),
      responses: { 200: preferences, ...errorResponses(400) },
    }),
    (c) => c.json({ data: notificationPreferences.save(c.get('principal').teamId, null, c.req.valid('json')) }, 200),
  );

  app.use('/:uuid', loadCluster);
  app.use('/:uuid/*', loadCluster);
  app.route('/', nodeOperationRoutes(ctx));
  app.route('/', swarmServiceOperationRoutes(ctx));
  app.route('/', swarmObjectRoutes(ctx));
  app.route('/', stackRoutes(ctx));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{uuid}',
      summary: 'One cluster',
      tags: ['Clusters'],
      request: { params: clusterParams },
      responses: { 200: oneCluster('The cluster'), ...errorResponses(404) },
    }),
    (c) => c.json(respond(c.get('cluster')), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/{uuid}',
      summary: 'Change a cluster’s name, description, first manager or settings',
      tags: ['Clusters'],
      middleware: [canUpdate, readJsonBody] as const,
      request: { params: clusterParams, ...jsonRequestBody(updateClusterInput) },
      responses: { 200: oneCluster('The cluster, changed'), ...errorResponses(400, 404) },
    }),
    async (c) => {
      const input = c.req.valid('json');
      if (input.managerServerId) {
        const servers = [...(c.get('clusterServers') ?? []), { serverId: input.managerServerId, manager: true }];
        await authorize(host, c.get('principal'), 'cluster.update', servers);
      }
      return c.json(respond(await clusters.update(c.get('cluster'), input)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/{uuid}',
      summary: 'Forget a cluster (the swarm itself is not touched)',
      tags: ['Clusters'],
      middleware: [requireAction(host, 'cluster.delete')] as const,
      request: { params: clusterParams },
      responses: { 204: { description: 'Forgotten' }, ...errorResponses(404) },
    }),
    (c) => {
      clusters.delete(c.get('cluster'));
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{uuid}/notification-preferences',
      summary: 'A cluster’s notification preferences',
      tags: ['Notifications'],
      request: { params: clusterParams },
      responses: { 200: preferences, ...errorResponses(404) },
    }),
    (c) => c.json({ data: notificationPreferences.list(c.get('principal').teamId, c.get('cluster')) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/{uuid}/notification-preferences',
      summary: 'Change a cluster’s notification preferences (null follows the team’s)',
      tags: ['Notifications'],
      middleware: [canUpdate, readJsonBody] as const,
      request: { params: clusterParams, ...jsonRequestBody(deliveryPreferencesInput) },
      responses: { 200: preferences, ...errorResponses(400, 404) },
    }),
    (c) => c.json({ data: notificationPreferences.save(c.get('principal').teamId, c.get('cluster'), c.req.valid('json')) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{uuid}/sync',
      summary: 'Read the cluster’s status and metadata from the swarm now',
      tags: ['Clusters'],
      middleware: [canUpdate] as const,
      request: { params: clusterParams },
      responses: { 200: oneCluster('The cluster, synced'), ...errorResponses(404) },
    }),
    async (c) => c.json(respond(await sync.sync(c.get('cluster'))), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{uuid}/nodes',
      summary: 'The swarm’s nodes',
      tags: ['Nodes'],
      request: { params: clusterParams },
      responses: { 200: jsonResponse(fetchedOf(z.array(nodeSchema)), 'The nodes'), ...errorResponses(404, 503) },
    }),
    async (c) => fetchedResponse(c, await state.nodes(c.get('cluster'), { alone: true })),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/{uuid}/nodes/{nodeId}',
      summary: 'One node',
      tags: ['Nodes'],
      request: { params: nodeParams },
      responses: { 200: jsonResponse(fetchedOf(nodeSchema), 'The node'), ...errorResponses(404, 503) },
    }),
    async (c) => fetchedResponse(c, await state.node(c.get('cluster'), c.req.valid('param').nodeId, { alone: true })),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/{uuid}/services',
      summary: 'The swarm’s services, in name order: those matching the filters, a page of them with `limit`',
      tags: ['Services'],
      request: { params: clusterParams, query: serviceListQuery },
      responses: {
        200: jsonResponse(z.strictObject({ data: z.array(serviceSchema), meta: servicePageMetaSchema }), 'The services'),
        ...errorResponses(400, 404, 503),
      },
    }),
    async (c) => {
      const { offset, limit, ...filter } = c.req.valid('query');
      const services = await state.services(c.get('cluster'));
      // In name order, so pages follow one another whatever order the engine listed them in.
      const byName = inNameOrder(services.data);
      const page = serviceListPage(byName, filter, { offset, limit: limit ?? null });
      // The whole list is the same array for a snapshot, so its JSON and gzip are kept (fetchedResponse).
      const data = page.services.length === byName.length ? byName : page.services;
      return fetchedResponse(c, { ...services, data }, { matching: page.matching, total: page.total, offset: page.offset, limit: page.limit });
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/{uuid}/services/{serviceId}',
      summary: 'One service',
      tags: ['Services'],
      request: { params: serviceParams },
      responses: { 200: jsonResponse(fetchedOf(serviceSchema), 'The service'), ...errorResponses(404, 503) },
    }),
    async (c) => fetchedResponse(c, await state.service(c.get('cluster'), c.req.valid('param').serviceId)),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/{uuid}/services/{serviceId}/tasks',
      summary: 'A service’s tasks',
      tags: ['Services'],
      request: { params: serviceParams },
      responses: { 200: jsonResponse(fetchedOf(z.array(taskSchema)), 'The tasks'), ...errorResponses(404, 503) },
    }),
    async (c) => {
      const cluster = c.get('cluster');
      const service = await state.service(cluster, c.req.valid('param').serviceId);
      return fetchedResponse(c, await state.tasks(cluster, { serviceId: service.data.id }));
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/{uuid}/tasks',
      summary: 'The swarm’s tasks, of a node or a service',
      tags: ['Services'],
      request: { params: clusterParams, query: taskQueryInput },
      responses: { 200: jsonResponse(fetchedOf(z.array(taskSchema)), 'The tasks'), ...errorResponses(400, 404, 503) },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const cluster = c.get('cluster');
      const nodeId = query.node ? (await state.node(cluster, query.node)).data.id : undefined;
      const serviceId = query.service ? (await state.service(cluster, query.service)).data.id : undefined;
      return fetchedResponse(c, await state.tasks(cluster, { nodeId, serviceId }));
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/{uuid}/tasks/{taskId}/logs',
      summary: 'A task’s recent log lines',
      tags: ['Services'],
      request: { params: taskParams, query: taskLogsQuery },
      responses: {
        200: jsonResponse(z.strictObject({ data: taskLogsSchema, meta: truncatedMetaSchema }), 'The lines, oldest first'),
        ...errorResponses(400, 404, 503),
      },
    }),
    async (c) => {
      const logs = await ctx.swarmServiceOps.taskLogs(c.get('cluster'), c.req.valid('param').taskId, c.req.valid('query'));
      return c.json({ data: { service: logs.service, task: logs.task, lines: logs.lines }, meta: { truncated: logs.truncated } }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/{uuid}/nodes/{nodeId}/resources',
      summary: 'A node’s CPU, memory and disk use (over SSH when the node is a known server)',
      tags: ['Nodes'],
      request: { params: nodeParams },
      responses: { 200: jsonResponse(dataOf(nodeResourcesSchema), 'The reading'), ...errorResponses(404, 503) },
    }),
    async (c) => {
      const cluster = c.get('cluster');
      const node = await state.node(cluster, c.req.valid('param').nodeId);
      const since = Date.now();
      const [reading] = await ctx.resources.read(cluster, [node.data], since);
      return c.json({ data: reading! }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/{uuid}/visualizer',
      summary: 'The nodes, each with the tasks the swarm wants on it',
      tags: ['Nodes'],
      request: { params: clusterParams },
      responses: { 200: jsonResponse(fetchedOf(z.array(visualizerNodeSchema)), 'The nodes with their tasks'), ...errorResponses(404, 503) },
    }),
    async (c) => fetchedResponse(c, await state.visualizer(c.get('cluster'))),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{uuid}/events',
      summary: 'The cluster’s stored swarm events, newest first',
      tags: ['Events'],
      request: { params: clusterParams, query: eventQueryInput },
      responses: {
        200: jsonResponse(z.strictObject({ data: z.array(storedEventSchema), meta: eventPageMetaSchema }), 'A page of events'),
        ...errorResponses(400, 404),
      },
    }),
    (c) => {
      const query = c.req.valid('query');
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
      return c.json({ data, meta: { nextBefore: data.length === query.limit && last ? last.id : null } }, 200);
    },
  );

  return app;
}
