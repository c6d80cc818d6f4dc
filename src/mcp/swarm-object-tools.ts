/**
 * Tools over secrets and configs, and their rotations. A secret's value goes in (create, rotate) and never
 * comes back: the API answers names, labels and who uses them only.
 */
import { z } from 'zod';
import type { PanelApi } from './panel-api.ts';
import { call, clusterArg, clusterPath, dataOf, defineTool } from './tool.ts';

type Kind = 'secret' | 'config';

interface ObjectSummary {
  id: string;
  name: string;
  family: string;
  version: number;
  usedBy: { id: string; name: string }[];
}

const objectArg = (kind: Kind) =>
  z.string().min(1).max(100).describe(`The ${kind}: its Docker id ("id" in list-${kind}s) or its name, e.g. "db-password" or "db-password-v2".`);

const labelsArg = z.record(z.string(), z.string()).default({}).describe('Labels, key to value, e.g. {"app": "shop"}.');

const nameArg = (kind: Kind) =>
  z
    .string()
    .min(1)
    .max(64)
    .describe(`The ${kind}'s name: letters, digits, "-", "_" and ".", starting and ending with a letter or digit. Services mount it by this name.`);

const usersOf = (o: ObjectSummary) => (o.usedBy.length ? o.usedBy.map((s) => s.name).join(', ') : 'no service');

const readObject = (api: PanelApi, kind: Kind, cluster: string, ref: string) =>
  dataOf<ObjectSummary>(api, { method: 'GET', path: clusterPath(cluster, `${kind}s`, ref) });

/** What tells the two kinds apart in their tools. */
interface KindWords {
  content: 'value' | 'data';
  get: string;
  create: string;
  contentArg: string;
}

const SECRET: KindWords = {
  content: 'value',
  get: "One secret's name, labels, dates, the services using it and its rotation family. Never its value.",
  create:
    'Creates a swarm secret that services can mount under /run/secrets/. The value is sent to the swarm only: never stored by the panel, logged or shown again.',
  contentArg: 'The secret value (at most 500 KB; sent to the swarm only, never stored or shown).',
};

const CONFIG: KindWords = {
  content: 'data',
  get: 'One config with its content as text (cut at 64 KiB: truncated says so), labels, dates and the services using it.',
  create: 'Creates a swarm config (a file services can mount, e.g. an nginx.conf), from text.',
  contentArg: 'The content as text (at most 1000 KB).',
};

/** The same tools for both kinds: list, get, create, remove, rotate. */
function objectTools(kind: Kind, words: KindWords) {
  const path = `${kind}s`;
  const { content } = words;
  const contentArg = z.string().min(1).describe(words.contentArg);
  return [
    defineTool({
      name: `list-${path}`,
      title: `List ${path}`,
      description: `The swarm's ${path}: id, name, labels, created and updated, the services using each (usedBy), and its rotation family and version (db-password, db-password-v2, ...).${kind === 'secret' ? ' Never their values.' : ''}`,
      kind: 'read',
      input: { cluster: clusterArg },
      run: (api, { cluster }) => call(api, { method: 'GET', path: clusterPath(cluster, path) }),
    }),
    defineTool({
      name: `get-${kind}`,
      title: `Get a ${kind}`,
      description: words.get,
      kind: 'read',
      input: { cluster: clusterArg, [kind]: objectArg(kind) },
      run: (api, args) => call(api, { method: 'GET', path: clusterPath(String(args.cluster), path, String(args[kind])) }),
    }),
    defineTool({
      name: `create-${kind}`,
      title: `Create a ${kind}`,
      description: words.create,
      kind: 'write',
      input: { cluster: clusterArg, name: nameArg(kind), [content]: contentArg, labels: labelsArg },
      run: (api, { cluster, ...body }) => call(api, { method: 'POST', path: clusterPath(String(cluster), path), body }),
    }),
    defineTool({
      name: `remove-${kind}`,
      title: `Remove a ${kind}`,
      description: `Removes a ${kind} from the swarm. Refused while a service uses it (the answer names them). Without confirm: true, answers what would be removed and changes nothing.`,
      kind: 'destructive',
      input: { cluster: clusterArg, [kind]: objectArg(kind) },
      preview: async (api, args) => {
        const found = await readObject(api, kind, String(args.cluster), String(args[kind]));
        return { wouldDo: `Remove the ${kind} ${found.name} (${found.id}), used by ${usersOf(found)}.`, details: { [kind]: found } };
      },
      run: (api, args) => call(api, { method: 'DELETE', path: clusterPath(String(args.cluster), path, String(args[kind])) }),
    }),
    defineTool({
      name: `rotate-${kind}`,
      title: `Rotate a ${kind}`,
      description: `Replaces a ${kind}'s ${content}: creates <family>-v<N+1> with the new ${content}, moves every service using the old one to it (same target file, rolling update, waiting for each), then removes the old one. Answers the rotation (202); follow it with get-rotation. Without confirm: true, answers what would happen and changes nothing.`,
      kind: 'destructive',
      input: { cluster: clusterArg, [kind]: objectArg(kind), [content]: contentArg },
      preview: async (api, args) => {
        const found = await readObject(api, kind, String(args.cluster), String(args[kind]));
        return {
          wouldDo: `Create the next version of ${found.family} after ${found.name}, move ${usersOf(found)} to it, then remove ${found.name}.`,
          details: { [kind]: found },
        };
      },
      run: (api, args) =>
        call(api, { method: 'POST', path: clusterPath(String(args.cluster), path, String(args[kind]), 'rotate'), body: { [content]: args[content] } }),
    }),
  ];
}

export const swarmObjectTools = [
  ...objectTools('secret', SECRET),
  ...objectTools('config', CONFIG),
  defineTool({
    name: 'get-rotation',
    title: 'Follow a rotation',
    description:
      'A rotation started by rotate-secret or rotate-config: its steps (create, each service moved and converged, old one removed), status, and where it stopped and how to go on when it did.',
    kind: 'read',
    input: { cluster: clusterArg, rotation: z.string().min(1).max(100).describe('The rotation id, "id" in the answer of rotate-secret or rotate-config.') },
    run: (api, { cluster, rotation }) => call(api, { method: 'GET', path: clusterPath(cluster, 'rotations', rotation) }),
  }),
  defineTool({
    name: 'resume-rotation',
    title: 'Resume a stopped rotation',
    description: 'Goes on with a rotation that stopped (a service update failed or paused) from the step where it stopped, once the cause is fixed.',
    kind: 'write',
    input: { cluster: clusterArg, rotation: z.string().min(1).max(100).describe('The rotation id, from rotate-secret, rotate-config or get-rotation.') },
    run: (api, { cluster, rotation }) => call(api, { method: 'POST', path: clusterPath(cluster, 'rotations', rotation, 'resume') }),
  }),
];
