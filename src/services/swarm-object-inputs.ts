/**
 * Validated inputs of secrets and configs, shared by the JSON API and the forms. The messages never quote
 * a value: they name the field and what is wrong with it.
 */
import { z } from 'zod';
import { labelKeySchema, labelValueSchema } from '../domain/node-labels.ts';
import { objectDataProblem, objectNameSchema, type SwarmObjectKind } from '../domain/swarm-object-names.ts';

const MAX_LABELS = 100;

export const objectLabelsSchema = z
  .record(z.string(), labelValueSchema, { error: 'labels must be an object of strings' })
  .default({})
  .superRefine((labels, ctx) => {
    const keys = Object.keys(labels);
    if (keys.length > MAX_LABELS) ctx.addIssue({ code: 'custom', message: `at most ${MAX_LABELS} labels` });
    for (const key of keys) {
      const result = labelKeySchema.safeParse(key);
      if (!result.success) ctx.addIssue({ code: 'custom', path: [key], message: result.error.issues[0]!.message });
    }
  });

/** Content as text; its size in bytes is checked against Docker's limit for the kind. */
const content = (kind: SwarmObjectKind, field: string) =>
  z.string({ error: `${field} is required, as a string` }).superRefine((text, ctx) => {
    const problem = objectDataProblem(kind, Buffer.byteLength(text));
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const createSecretInput = z.strictObject({ name: objectNameSchema, value: content('secret', 'value'), labels: objectLabelsSchema });
export const createConfigInput = z.strictObject({ name: objectNameSchema, data: content('config', 'data'), labels: objectLabelsSchema });
export const rotateSecretInput = z.strictObject({ value: content('secret', 'value') });
export const rotateConfigInput = z.strictObject({ data: content('config', 'data') });

/** What creating either kind needs: the content as bytes (text or an uploaded file). */
export interface NewObject {
  name: string;
  content: Uint8Array;
  labels: Record<string, string>;
}
