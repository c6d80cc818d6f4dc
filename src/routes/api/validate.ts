import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { z } from 'zod';
import { describeZodError } from '../../services/cluster-inputs.ts';
import { ServiceError } from '../../services/errors.ts';

/** Parses a JSON body with a schema, or answers 400 naming the field. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  return parse(schema, await readJson(c));
}

/** The query string checked with a schema, or 400 naming the parameter (the pages' live regions). */
export function queryParams<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parse(schema, c.req.query());
}

/** The 400 of an input a schema refused, naming the field. */
export function invalidInput(error: z.ZodError): ServiceError {
  const { field, message } = describeZodError(error);
  return new ServiceError('validation_failed', message, field ? { field } : undefined);
}

/** The JSON media types the route validator reads (Hono's own test). */
const JSON_TYPE = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

/**
 * Reads a route's JSON body before its schema does (Hono keeps the parsed body for the validator): a body that is
 * not JSON, or not sent as JSON, is the API's 400 rather than a framework's 415.
 */
export const readJsonBody = createMiddleware(async (c, next) => {
  if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) {
    throw new ServiceError('validation_failed', 'the body must be a JSON object, sent with Content-Type: application/json');
  }
  await readJson(c);
  await next();
});

async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new ServiceError('validation_failed', 'the body must be a JSON object');
  }
}

function parse<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw invalidInput(result.error);
}
