import type { Context } from 'hono';
import type { z } from 'zod';
import { describeZodError } from '../../services/cluster-inputs.ts';
import { ServiceError } from '../../services/errors.ts';

/** Parses a JSON body with a schema, or answers 400 naming the field. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new ServiceError('validation_failed', 'the body must be a JSON object');
  }
  return parse(schema, raw);
}

/** The route's path parameters checked with a schema, or 400 naming the parameter. */
export function pathParams<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parse(schema, c.req.param());
}

export function queryParams<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parse(schema, c.req.query());
}

function parse<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const { field, message } = describeZodError(result.error);
  throw new ServiceError('validation_failed', message, field ? { field } : undefined);
}
