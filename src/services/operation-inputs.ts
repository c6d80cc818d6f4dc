/** Validated inputs of node and service operations, shared by the JSON API and the web forms. */
import { z } from 'zod';
import { labelKeySchema, labelValueSchema } from '../domain/node-labels.ts';
import { replicasSchema } from '../domain/service-scale.ts';

const MAX_LABEL_CHANGES = 100;
const MAX_LOG_TAIL = 10_000;

/** A query-string switch: `true`/`1` or `false`/`0`. */
const flag = (name: string) =>
  z
    .enum(['true', 'false', '1', '0'], { error: `${name} must be true or false` })
    .optional()
    .transform((v) => v === 'true' || v === '1');

export const availabilityInput = z.strictObject({
  availability: z.enum(['active', 'pause', 'drain'], { error: 'availability must be active, pause or drain' }),
});

export const removeNodeQuery = z.strictObject({ force: flag('force') });

export const nodeLabelsInput = z
  .strictObject({
    add: z
      .record(z.string(), labelValueSchema)
      .default({})
      .superRefine((labels, ctx) => {
        // Checked here rather than as the record's key schema, so the message says what is wrong with the key.
        for (const key of Object.keys(labels)) {
          const result = labelKeySchema.safeParse(key);
          if (!result.success) ctx.addIssue({ code: 'custom', path: [key], message: result.error.issues[0]!.message });
        }
      })
      .refine((v) => Object.keys(v).length <= MAX_LABEL_CHANGES, `at most ${MAX_LABEL_CHANGES} labels at once`),
    remove: z.array(labelKeySchema).max(MAX_LABEL_CHANGES, `at most ${MAX_LABEL_CHANGES} labels at once`).default([]),
  })
  .refine((v) => Object.keys(v.add).length + v.remove.length > 0, 'nothing to change: give labels to add or remove');

export const joinCommandQuery = z.strictObject({
  role: z.enum(['worker', 'manager'], { error: 'role must be worker or manager' }).default('worker'),
});

export const scaleInput = z.strictObject({ replicas: replicasSchema });

export const serviceLogsQuery = z.strictObject({
  tail: z
    .union([
      z.literal('all'),
      z.coerce
        .number({ error: `tail must be a number of lines or "all"` })
        .int('tail must be a whole number')
        .min(0, 'tail must be 0 or more')
        .max(MAX_LOG_TAIL, `tail must be at most ${MAX_LOG_TAIL}`),
    ])
    .default(200),
  follow: flag('follow'),
  timestamps: flag('timestamps'),
});

/** A task's recent log lines (no follow: a task's log is read to its end). */
export const taskLogsQuery = serviceLogsQuery.omit({ follow: true });
