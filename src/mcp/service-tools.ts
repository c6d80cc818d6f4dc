/** Tools over the services of a swarm: scale, roll back, force update, remove, logs, progress. */
import { z } from 'zod';
import type { PanelApi } from './panel-api.ts';
import { call, clusterArg, clusterPath, dataOf, defineTool, serviceArg } from './tool.ts';

interface ApiSwarmService {
  id: string;
  name: string;
  image: string;
  mode: string;
  replicasRunning: number;
  replicasDesired: number;
}

const readService = (api: PanelApi, cluster: string, service: string) =>
  dataOf<ApiSwarmService>(api, { method: 'GET', path: clusterPath(cluster, 'services', service) });

const describeService = (s: ApiSwarmService) => `${s.name} (${s.id}, ${s.image}, ${s.mode}, ${s.replicasRunning}/${s.replicasDesired} running)`;

/** The plan of a write to one service: the service as it is now. */
const servicePlan =
  (what: (s: ApiSwarmService) => string) =>
  async (api: PanelApi, { cluster, service }: { cluster: string; service: string }) => {
    const found = await readService(api, cluster, service);
    return { wouldDo: what(found), details: { service: found } };
  };

export const serviceTools = [
  defineTool({
    name: 'scale-service',
    title: 'Scale a service',
    description:
      'Sets the replica count of a replicated service (global services run one task per node and cannot be scaled). Scaling up acts at once; scaling down stops tasks, so without confirm: true it answers how many would stop and changes nothing.',
    kind: 'destructive',
    idempotent: true,
    input: {
      cluster: clusterArg,
      service: serviceArg,
      replicas: z.number().int().min(0).max(1000).describe('The number of tasks wanted, 0 to 1000 (0 stops the service without removing it).'),
    },
    preview: async (api, { cluster, service, replicas }) => {
      const found = await readService(api, cluster, service);
      if (found.mode !== 'replicated' || replicas >= found.replicasDesired) return null;
      return {
        wouldDo: `Scale ${describeService(found)} down to ${replicas}: ${found.replicasDesired - replicas} task(s) stop.`,
        details: { service: found, replicas },
      };
    },
    run: (api, { cluster, service, replicas }) => call(api, { method: 'POST', path: clusterPath(cluster, 'services', service, 'scale'), body: { replicas } }),
  }),
  defineTool({
    name: 'rollback-service',
    title: 'Roll a service back',
    description:
      'Rolls a service back to its previous spec (image, settings) with a rolling update, e.g. after a bad deploy. Without confirm: true, answers what would be rolled back and changes nothing. Follow it with get-service-progress.',
    kind: 'destructive',
    input: { cluster: clusterArg, service: serviceArg },
    preview: servicePlan((s) => `Roll ${describeService(s)} back to its previous spec.`),
    run: (api, { cluster, service }) => call(api, { method: 'POST', path: clusterPath(cluster, 'services', service, 'rollback') }),
  }),
  defineTool({
    name: 'force-update-service',
    title: 'Restart every task of a service',
    description:
      'Forces a rolling update with the same spec: every task is replaced (restarted), following the update config. Without confirm: true, answers which service would restart and changes nothing.',
    kind: 'destructive',
    input: { cluster: clusterArg, service: serviceArg },
    preview: servicePlan((s) => `Replace every task of ${describeService(s)}.`),
    run: (api, { cluster, service }) => call(api, { method: 'POST', path: clusterPath(cluster, 'services', service, 'force-update') }),
  }),
  defineTool({
    name: 'remove-service',
    title: 'Remove a service',
    description: 'Removes a service and stops all its tasks. Cannot be undone. Without confirm: true, answers what would be removed and changes nothing.',
    kind: 'destructive',
    input: { cluster: clusterArg, service: serviceArg },
    preview: servicePlan((s) => `Remove ${describeService(s)} and stop its tasks.`),
    run: (api, { cluster, service }) => call(api, { method: 'DELETE', path: clusterPath(cluster, 'services', service) }),
  }),
  defineTool({
    name: 'get-service-logs',
    title: 'Recent logs of a service',
    description: 'The last lines the tasks of a service wrote (stdout and stderr), oldest first. meta.truncated says when lines were cut.',
    kind: 'read',
    input: {
      cluster: clusterArg,
      service: serviceArg,
      tail: z.number().int().min(1).max(1000).default(100).describe('How many of the last lines, 1 to 1000.'),
      timestamps: z.boolean().default(false).describe('Prefix each line with its time.'),
    },
    run: (api, { cluster, service, tail, timestamps }) =>
      call(api, { method: 'GET', path: clusterPath(cluster, 'services', service, 'logs'), query: { tail, timestamps } }),
  }),
  defineTool({
    name: 'get-service-progress',
    title: 'Progress of a service update',
    description:
      'Where a service stands after a scale, update or rollback: tasks desired, running, on the new spec, stopping, the update state (updating, paused, completed, rollback_*), and whether it has settled.',
    kind: 'read',
    input: { cluster: clusterArg, service: serviceArg },
    run: (api, { cluster, service }) => call(api, { method: 'GET', path: clusterPath(cluster, 'services', service, 'progress') }),
  }),
];
