/** The JSON of stacks: what a stack holds, its progress, and what a deploy or a removal did. */
import { z } from '@hono/zod-openapi';
import { serviceProgressFields } from './swarm.ts';

const objectRef = z.strictObject({ id: z.string(), name: z.string() });
const names = z.array(z.string());

export const stackSchema = z
  .strictObject({
    name: z.string(),
    services: z.array(
      z.strictObject({
        id: z.string(),
        name: z.string(),
        image: z.string(),
        mode: z.enum(['replicated', 'global']),
        replicasRunning: z.number(),
        replicasDesired: z.number(),
      }),
    ),
    networks: z.array(objectRef.extend({ driver: z.string() })),
    secrets: z.array(objectRef),
    configs: z.array(objectRef),
  })
  .openapi('Stack');

export const stackProgressSchema = z
  .strictObject({
    stack: z.string(),
    services: z.array(z.strictObject({ ...serviceProgressFields, failure: z.string().nullable() })),
    converged: z.boolean(),
    failed: z.boolean().meta({ description: 'Some service does not converge by itself (a paused or failed update, failing tasks)' }),
  })
  .openapi('StackProgress');

const stackChanges = z.strictObject({ services: names, networks: names, secrets: names, configs: names });

export const stackPreviewSchema = z
  .strictObject({ stack: z.string(), warnings: names, services: names, networks: names, secrets: names, configs: names })
  .openapi('StackPreview');

export const stackDeploySchema = z
  .strictObject({
    stack: z.string(),
    warnings: names,
    created: stackChanges,
    updated: names.meta({ description: 'Services whose spec changed' }),
    unchanged: names,
    removed: names.meta({ description: 'Services pruned' }),
  })
  .openapi('StackDeployResult');

export const stackRemovalSchema = z.strictObject({ stack: z.string(), removed: stackChanges }).openapi('StackRemoveResult');
