/** The JSON of secrets, configs and their rotations. No schema here has a secret's value: none is ever answered. */
import { z } from '@hono/zod-openapi';

const time = z.string().meta({ description: 'ISO 8601' });
const objectRef = z.strictObject({ id: z.string(), name: z.string() });

export const swarmObjectSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    createdAt: time,
    updatedAt: time,
    labels: z.record(z.string(), z.string()),
    usedBy: z.array(objectRef).meta({ description: 'The services using it' }),
    family: z.string().meta({ description: 'The name without its `-v<N>` version' }),
    version: z.number(),
    createdBy: z.string().nullable().meta({ description: 'Who created it through the panel' }),
    rotatedFrom: z.string().nullable().meta({ description: 'The version a rotation replaced with it' }),
  })
  .openapi('SwarmObject');

export const configWithContentSchema = swarmObjectSchema
  .extend({
    data: z.string().meta({ description: 'The content as UTF-8 text, cut at the size the API shows' }),
    bytes: z.number(),
    truncated: z.boolean(),
  })
  .openapi('ConfigWithContent');

export const removedObjectSchema = objectRef;

const stepStatus = z.enum(['pending', 'running', 'done', 'failed']);
const rotationStep = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('create'), status: stepStatus, message: z.string().nullable() }),
  z.strictObject({
    kind: z.literal('update'),
    status: stepStatus,
    message: z.string().nullable(),
    service: objectRef,
    updated: z.number(),
    desired: z.number(),
  }),
  z.strictObject({ kind: z.literal('remove'), status: stepStatus, message: z.string().nullable() }),
]);

export const rotationSchema = z
  .strictObject({
    id: z.string(),
    kind: z.enum(['secret', 'config']),
    family: z.string(),
    from: objectRef,
    to: objectRef,
    status: z.enum(['running', 'stopped', 'completed']),
    steps: z.array(rotationStep),
    summary: z.string().nullable().meta({ description: 'Where a stopped rotation stopped and how to go on' }),
    startedBy: z.string(),
    createdAt: time,
    updatedAt: time,
  })
  .openapi('Rotation');
