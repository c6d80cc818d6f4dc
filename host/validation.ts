/** zod parsing that fails with a `HostError` naming the offending field(s). */
import { z } from 'zod';
import { HIDDEN_CHARACTER_PROBLEM, hasHiddenCharacters } from '../src/domain/display-name.ts';
import { HostError } from './errors.ts';

export function parseInput<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.') || 'body';
    fields[field] ??= issue.message;
  }
  const message = Object.entries(fields)
    .map(([field, msg]) => `${field}: ${msg}`)
    .join('; ');
  throw new HostError(400, 'validation_failed', message, fields);
}

/** A required, trimmed string; "is required" rather than zod's type jargon when absent. */
export const requiredString = (max = 200) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
    .trim()
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters`);

/** A name people read (team, server, application): no hidden characters, stored in NFC so lookalikes compare equal. */
export const displayName = (max = 100) =>
  requiredString(max)
    .refine((v) => !hasHiddenCharacters(v), HIDDEN_CHARACTER_PROBLEM)
    .normalize('NFC');

export const email = () => requiredString(254).toLowerCase().pipe(z.email('must be an email address'));

/** Longer passwords are refused before scrypt sees them: hashing cost grows with the input. */
export const PASSWORD_MAX_LENGTH = 1024;

export const password = () =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
    .min(8, 'must be at least 8 characters')
    .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`);
