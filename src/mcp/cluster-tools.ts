/** Tools over clusters and what they read from the swarm: nodes, services, tasks, the visualizer, events. */
import { z } from 'zod';
import { call, clusterArg, clusterPath, defineTool } from './tool.ts';

const NOTE_STALE = 'Answers read from the swarm carry meta.stale: true when no manager answered and this is the last known data.';

export const clusterTools = [
  defineTool({
    name: 'list-clusters',
    title: 'List clusters',
    description:
      "Lists the team's Docker Swarm clusters: uuid (what every other tool takes as cluster), name, status (healthy, degraded, unreachable, unknown) and why, counts of nodes, managers, services and tasks, last sync.",
    kind: 'read',
    input: {},
    run: (api) => call(api, { method: 'GET', path: '' }),
  }),
  defineTool({
    name: 'get-cluster',
    title: 'Get a cluster',
    description:
      'One cluster: status and its reason, swarm metadata (docker version, node/manager/worker/service/task counts, CPU and memory totals, last sync), its linked servers and settings.',
    kind: 'read',
    input: { cluster: clusterArg },
    run: (api, { cluster }) => call(api, { method: 'GET', path: clusterPath(cluster) }),
  }),
  defineTool({
    name: 'sync-cluster',
    title: 'Sync a cluster',
    description:
      "Reads the swarm now and updates the cluster's status and metadata (otherwise refreshed every minute). Answers the cluster as get-cluster does.",
    kind: 'write',
    idempotent: true,
    input: { cluster: clusterArg },
    run: (api, { cluster }) => call(api, { method: 'POST', path: clusterPath(cluster, 'sync') }),
  }),
  defineTool({
    name: 'get-cluster-nodes',
    title: 'List the nodes of a cluster',
    description: `The swarm's nodes: id, hostname, role (manager/worker), leader, status (ready/down), availability (active/pause/drain), address, engine version, CPU, memory, labels, task count. ${NOTE_STALE}`,
    kind: 'read',
    input: { cluster: clusterArg },
    run: (api, { cluster }) => call(api, { method: 'GET', path: clusterPath(cluster, 'nodes') }),
  }),
  defineTool({
    name: 'get-cluster-services',
    title: 'List the services of a cluster',
    description: `The swarm's services: id, name, image, mode, replicas running/desired, published ports, stack, rolling update state. ${NOTE_STALE}`,
    kind: 'read',
    input: { cluster: clusterArg },
    run: (api, { cluster }) => call(api, { method: 'GET', path: clusterPath(cluster, 'services') }),
  }),
  defineTool({
    name: 'get-cluster-tasks',
    title: 'List the tasks of a cluster',
    description: `The swarm's tasks (a service's containers, one per replica and attempt): id, service, node, slot, state, desired state, error. Filter by node and/or service. ${NOTE_STALE}`,
    kind: 'read',
    input: {
      cluster: clusterArg,
      node: z.string().min(1).max(100).optional().describe('Only tasks on this node (id or hostname, from get-cluster-nodes).'),
      service: z.string().min(1).max(200).optional().describe('Only tasks of this service (id or name, from get-cluster-services).'),
    },
    run: (api, { cluster, node, service }) => call(api, { method: 'GET', path: clusterPath(cluster, 'tasks'), query: { node, service } }),
  }),
  defineTool({
    name: 'get-cluster-visualizer',
    title: 'Tasks by node',
    description: `Every node with the tasks the swarm wants on it: where each replica runs. ${NOTE_STALE}`,
    kind: 'read',
    input: { cluster: clusterArg },
    run: (api, { cluster }) => call(api, { method: 'GET', path: clusterPath(cluster, 'visualizer') }),
  }),
  defineTool({
    name: 'get-cluster-events',
    title: 'Swarm events of a cluster',
    description:
      'Stored swarm events, newest first (node, service, secret, config, container, network... and "plugin" for what the panel did, with who did it). To page back, pass meta.nextBefore as before.',
    kind: 'read',
    input: {
      cluster: clusterArg,
      type: z
        .enum(['node', 'service', 'secret', 'config', 'container', 'network', 'volume', 'image', 'plugin', 'daemon'])
        .optional()
        .describe('Only events of this type.'),
      action: z.string().max(50).optional().describe('Only events of this action, e.g. "update", "create", "remove".'),
      service: z.string().max(200).optional().describe('Only events of this service (id or name).'),
      node: z.string().max(200).optional().describe('Only events of this node (id or hostname).'),
      since: z.string().max(40).optional().describe('Only events at or after this ISO 8601 time, e.g. "2026-11-30T06:00:00Z".'),
      until: z.string().max(40).optional().describe('Only events before this ISO 8601 time.'),
      before: z.number().int().positive().optional().describe('meta.nextBefore of the previous page.'),
      limit: z.number().int().min(1).max(200).default(50).describe('How many events, at most 200.'),
    },
    run: (api, { cluster, ...query }) => call(api, { method: 'GET', path: clusterPath(cluster, 'events'), query }),
  }),
];
