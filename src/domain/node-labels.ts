/** Node labels: what a key may look like, and applying a change. */
import { z } from 'zod';

// Docker accepts almost anything, but placement constraints (`node.labels.<key> == v`) and the CLI's
// `key=value` syntax break on spaces, `=` and quotes: keep keys to the reverse-DNS style Docker documents.
const LABEL_KEY = /^[A-Za-z0-9](?:[A-Za-z0-9._/-]*[A-Za-z0-9])?$/;

export const labelKeySchema = z
  .string()
  .min(1, 'a label key is required')
  .max(128, 'a label key is at most 128 characters')
  .regex(LABEL_KEY, 'a label key uses letters, digits, ".", "-", "_" and "/" only (no spaces), and starts and ends with a letter or digit');

export const labelValueSchema = z
  .string()
  .max(256, 'a label value is at most 256 characters')
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'a label value may not contain control characters or line breaks');

export interface LabelChanges {
  add: Record<string, string>;
  remove: string[];
}

/** Removals first, then additions (so a key in both ends up with the new value). */
export function applyLabelChanges(current: Readonly<Record<string, string>>, changes: LabelChanges): Record<string, string> {
  const next = { ...current };
  for (const key of changes.remove) delete next[key];
  return Object.assign(next, changes.add);
}
