/** Tools over stacks: the services of a compose file deployed under one name, as `docker stack` does it. */
import { z } from 'zod';
import type { PanelApi } from './panel-api.ts';
import { ApiFailure, call, clusterArg, clusterPath, dataOf, defineTool } from './tool.ts';

interface StackJson {
  name: string;
  services: { name: string }[];
  networks: { name: string }[];
  secrets: { name: string }[];
  configs: { name: string }[];
}

const stackArg = z
  .string()
  .min(1)
  .max(48)
  .describe('The stack\'s name ("name" in list-stacks): letters, digits, "_", "." and "-". Its services are named <stack>_<service>.');

const names = (items: { name: string }[]) => items.map((i) => i.name);

/** The stack as deployed now, or null when nothing carries its name. */
async function deployedStack(api: PanelApi, cluster: string, name: string): Promise<StackJson | null> {
  try {
    return await dataOf<StackJson>(api, { method: 'GET', path: clusterPath(cluster, 'stacks', name) });
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 404 && error.code === 'not_found') return null;
    throw error;
  }
}

export const stackTools = [
  defineTool({
    name: 'list-stacks',
    title: 'List stacks',
    description: 'The stacks of the swarm (services grouped by their com.docker.stack.namespace label), each with its number of services.',
    kind: 'read',
    input: { cluster: clusterArg },
    run: (api, { cluster }) => call(api, { method: 'GET', path: clusterPath(cluster, 'stacks') }),
  }),
  defineTool({
    name: 'get-stack',
    title: 'Get a stack',
    description: 'One stack: its services with replicas running/desired, its networks, secrets and configs.',
    kind: 'read',
    input: { cluster: clusterArg, stack: stackArg },
    run: (api, { cluster, stack }) => call(api, { method: 'GET', path: clusterPath(cluster, 'stacks', stack) }),
  }),
  defineTool({
    name: 'get-stack-progress',
    title: 'Progress of a stack deploy',
    description:
      "How far each service of a stack is from its spec after a deploy, Docker's reason when tasks keep failing, and whether the stack has converged or failed.",
    kind: 'read',
    input: { cluster: clusterArg, stack: stackArg },
    run: (api, { cluster, stack }) => call(api, { method: 'GET', path: clusterPath(cluster, 'stacks', stack, 'progress') }),
  }),
  defineTool({
    name: 'deploy-stack',
    title: 'Deploy a stack from a compose file',
    description:
      'Deploys a compose file (version 3 / Compose Specification, as docker stack deploy takes it) under a stack name: creates what is missing, updates changed services, answers warnings for keys Swarm ignores. With prune, services of the stack no longer in the file are removed: that needs confirm: true, and without it the answer lists them and nothing changes. Follow it with get-stack-progress.',
    kind: 'destructive',
    input: {
      cluster: clusterArg,
      name: stackArg,
      compose: z
        .string()
        .min(1)
        .describe(
          'The compose file as YAML text. file: secrets and configs are refused (the panel cannot read your disk): use external ones or inline content.',
        ),
      env: z.record(z.string(), z.string()).default({}).describe('Values of the variables the file uses ($TAG in it takes {"TAG": "1.4"}).'),
      prune: z.boolean().default(false).describe("Remove the stack's services that are not in the file."),
      dryRun: z.boolean().default(false).describe('Only check the file and answer its warnings and what it holds; nothing is sent to the swarm.'),
    },
    preview: async (api, { cluster, name, compose, env, prune, dryRun }) => {
      if (!prune || dryRun) return null;
      const file = await dataOf<{ services: string[] }>(api, {
        method: 'POST',
        path: clusterPath(cluster, 'stacks'),
        body: { name, compose, env, dryRun: true },
      });
      const dropped = names((await deployedStack(api, cluster, name))?.services ?? []).filter((s) => !file.services.includes(s));
      if (dropped.length === 0) return null;
      return { wouldDo: `Deploy the stack ${name} and remove its services that are not in the file: ${dropped.join(', ')}.`, details: { remove: dropped } };
    },
    run: (api, { cluster, ...body }) => call(api, { method: 'POST', path: clusterPath(cluster, 'stacks'), body }),
  }),
  defineTool({
    name: 'remove-stack',
    title: 'Remove a stack',
    description:
      'Removes a stack: its services, then its networks, then the secrets and configs it created (external ones stay). Without confirm: true, answers what would be removed and changes nothing.',
    kind: 'destructive',
    input: { cluster: clusterArg, stack: stackArg },
    preview: async (api, { cluster, stack }) => {
      const found = await dataOf<StackJson>(api, { method: 'GET', path: clusterPath(cluster, 'stacks', stack) });
      const parts = (['services', 'networks', 'secrets', 'configs'] as const).map((kind) => `${kind}: ${names(found[kind]).join(', ') || 'none'}`);
      return { wouldDo: `Remove the stack ${stack} (${parts.join('; ')}); secrets and configs it did not create stay.`, details: { stack: found } };
    },
    run: (api, { cluster, stack }) => call(api, { method: 'DELETE', path: clusterPath(cluster, 'stacks', stack) }),
  }),
];
