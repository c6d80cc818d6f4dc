/** Tools over the nodes of a swarm: availability, role, removal, labels. */
import { z } from 'zod';
import type { PanelApi } from './panel-api.ts';
import { call, clusterArg, clusterPath, dataOf, defineTool, nodeArg, type Plan } from './tool.ts';

interface ApiNode {
  id: string;
  hostname: string;
  role: string;
  status: string;
  availability: string;
  isLeader: boolean;
  taskCount: number;
}

interface ApiTask {
  id: string;
  serviceName: string | null;
  slot: number | null;
  state: string;
  desiredState: string;
}

const readNode = (api: PanelApi, cluster: string, node: string) => dataOf<ApiNode>(api, { method: 'GET', path: clusterPath(cluster, 'nodes', node) });

const describeNode = (n: ApiNode) => `${n.hostname} (${n.id}, ${n.role}${n.isLeader ? ', leader' : ''}, ${n.status}, ${n.availability})`;

const setAvailability =
  (availability: 'active' | 'pause' | 'drain') =>
  (api: PanelApi, { cluster, node }: { cluster: string; node: string }) =>
    call(api, { method: 'POST', path: clusterPath(cluster, 'nodes', node, 'availability'), body: { availability } });

/** The drain's plan: how many tasks leave the node (from the drain preview), and which. */
async function drainPlan(api: PanelApi, cluster: string, nodeRef: string): Promise<Plan> {
  const { node, impact } = await dataOf<{ node: ApiNode; impact: { tasks: number; rescheduled: number; stopped: number } }>(api, {
    method: 'GET',
    path: clusterPath(cluster, 'nodes', nodeRef, 'drain-preview'),
  });
  const tasks = await dataOf<ApiTask[]>(api, { method: 'GET', path: clusterPath(cluster, 'tasks'), query: { node: node.id } });
  const moving = tasks.filter((t) => t.desiredState === 'running').map(({ id, serviceName, slot, state }) => ({ id, serviceName, slot, state }));
  return {
    wouldDo: `Drain ${describeNode(node)}: ${impact.tasks} task(s) leave it, ${impact.rescheduled} started again on other nodes, ${impact.stopped} of global services stopped.`,
    details: { node, impact, tasks: moving },
  };
}

export const nodeTools = [
  defineTool({
    name: 'drain-node',
    title: 'Drain a node',
    description:
      'Sets a node to drain: the swarm moves all its tasks to other nodes and schedules nothing new on it (for maintenance). Without confirm: true, answers which tasks would move and changes nothing. Undo with activate-node.',
    kind: 'destructive',
    idempotent: true,
    input: { cluster: clusterArg, node: nodeArg },
    preview: (api, { cluster, node }) => drainPlan(api, cluster, node),
    run: setAvailability('drain'),
  }),
  defineTool({
    name: 'activate-node',
    title: 'Activate a node',
    description: 'Sets a paused or drained node back to active: the swarm may schedule tasks on it again (existing tasks are not moved back).',
    kind: 'write',
    idempotent: true,
    input: { cluster: clusterArg, node: nodeArg },
    run: setAvailability('active'),
  }),
  defineTool({
    name: 'pause-node',
    title: 'Pause a node',
    description: 'Sets a node to pause: its tasks keep running, but the swarm schedules nothing new on it. Undo with activate-node.',
    kind: 'write',
    idempotent: true,
    input: { cluster: clusterArg, node: nodeArg },
    run: setAvailability('pause'),
  }),
  defineTool({
    name: 'promote-node',
    title: 'Promote a node to manager',
    description: 'Makes a worker a manager (it joins the Raft quorum). Keep an odd number of managers.',
    kind: 'write',
    idempotent: true,
    input: { cluster: clusterArg, node: nodeArg },
    run: (api, { cluster, node }) => call(api, { method: 'POST', path: clusterPath(cluster, 'nodes', node, 'promote') }),
  }),
  defineTool({
    name: 'demote-node',
    title: 'Demote a manager to worker',
    description:
      'Makes a manager a worker. Refused when it would leave no manager or break the quorum. Without confirm: true, answers what would be demoted and changes nothing.',
    kind: 'destructive',
    idempotent: true,
    input: { cluster: clusterArg, node: nodeArg },
    preview: async (api, { cluster, node }) => {
      const found = await readNode(api, cluster, node);
      return { wouldDo: `Demote ${describeNode(found)} to worker.`, details: { node: found } };
    },
    run: (api, { cluster, node }) => call(api, { method: 'POST', path: clusterPath(cluster, 'nodes', node, 'demote') }),
  }),
  defineTool({
    name: 'remove-node',
    title: 'Remove a node from the swarm',
    description:
      'Removes a node from the swarm. Allowed when it is drained and down; force removes it anyway (its tasks are lost with it). A manager must be demoted first. Without confirm: true, answers what would be removed and changes nothing.',
    kind: 'destructive',
    input: {
      cluster: clusterArg,
      node: nodeArg,
      force: z.boolean().default(false).describe('Remove a node that is not down or not drained (its tasks are lost).'),
    },
    preview: async (api, { cluster, node, force }) => {
      const found = await readNode(api, cluster, node);
      return { wouldDo: `Remove ${describeNode(found)} from the swarm${force ? ', forced' : ''}.`, details: { node: found, force } };
    },
    run: (api, { cluster, node, force }) =>
      call(api, { method: 'DELETE', path: clusterPath(cluster, 'nodes', node), query: force ? { force: true } : undefined }),
  }),
  defineTool({
    name: 'update-node-labels',
    title: "Change a node's labels",
    description:
      'Adds (or overwrites) and removes node labels, which placement constraints match (node.labels.zone == eu-1). Common keys: zone, disk, gpu, tier.',
    kind: 'write',
    idempotent: true,
    input: {
      cluster: clusterArg,
      node: nodeArg,
      add: z.record(z.string(), z.string()).default({}).describe('Labels to set, key to value, e.g. {"zone": "eu-1", "disk": "ssd"}.'),
      remove: z.array(z.string()).default([]).describe('Keys of labels to remove, e.g. ["gpu"].'),
    },
    run: (api, { cluster, node, add, remove }) => call(api, { method: 'PATCH', path: clusterPath(cluster, 'nodes', node, 'labels'), body: { add, remove } }),
  }),
];
