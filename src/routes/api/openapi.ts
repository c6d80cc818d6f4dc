/**
 * The API described by the schemas that validate it. Each route is a `createRoute`: the router checks its path,
 * query and body with those schemas (a refusal is the API's 400 naming the field) and the document states them,
 * with the responses' schemas beside, so the OpenAPI document cannot drift from what the routes do.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { PluginEnv } from '../auth.ts';
import { invalidInput } from './validate.ts';

/** A router of the API: inputs its routes' schemas refuse are thrown to the API's error path. */
export function apiRouter(): OpenAPIHono<PluginEnv> {
  return new OpenAPIHono<PluginEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalidInput(result.error);
    },
  });
}

export const BEARER_SCHEME = 'bearerAuth';

export const errorSchema = z
  .object({
    error: z.object({
      code: z
        .string()
        .meta({ description: 'What failed, for programs: validation_failed, not_found, forbidden, conflict, in_use, cluster_unreachable, docker_*' }),
      message: z.string().meta({ description: 'What failed, for people' }),
      field: z.string().optional().meta({ description: 'The input field that is wrong (400)' }),
      details: z.record(z.string(), z.unknown()).optional().meta({ description: 'Data of the refusal, e.g. the placement check that refused a deploy' }),
      requestId: z.string().optional().meta({ description: 'An internal error: the id its log line carries' }),
    }),
  })
  .openapi('Error');

/** When a read of the swarm was made; `stale`: no manager answered and this is the last known data, for `reason`. */
export const fetchedMetaSchema = z
  .strictObject({
    fetchedAt: z.string().meta({ description: 'When the data was read from the swarm (ISO 8601)' }),
    stale: z.boolean().meta({ description: 'True when no manager answered and this is the last known data' }),
    reason: z.string().optional().meta({ description: 'Why the data is stale' }),
  })
  .openapi('FetchedMeta');

const ERRORS = {
  400: 'Invalid input: `error.field` names the field; nothing was changed',
  401: 'No valid bearer token (or session)',
  403: 'The role or the token may not do this; `error.message` says why',
  404: 'No such cluster in the caller’s team, or no such object in the cluster',
  409: 'Refused by the swarm’s state (quorum, in use, a conflicting change); nothing was changed',
  429: 'Too many log streams followed at once',
  503: 'No manager of the cluster answered',
} as const;
export type ErrorStatus = keyof typeof ERRORS;

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: errorSchema } } });
type ErrorResponse = ReturnType<typeof errorResponse>;

/**
 * The error answers of a route: the given statuses, 401 and 403 (every route), and any other failure (a Docker
 * error, an internal one) in the same shape.
 */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]): Record<S | 401 | 403 | 'default', ErrorResponse> {
  const listed = [...new Set<ErrorStatus>([...statuses, 401, 403])].sort();
  return {
    ...Object.fromEntries(listed.map((status) => [status, errorResponse(ERRORS[status])])),
    default: errorResponse('Any other failure, in the same shape (e.g. 502 for an engine error, 500 with a request id)'),
  } as Record<S | 401 | 403 | 'default', ErrorResponse>;
}

/** A JSON answer. */
export const jsonResponse = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });

/** A JSON request body (the route also takes `readJsonBody`, so a body that is not JSON is a 400 of ours). */
export const jsonRequestBody = <S extends z.ZodType>(schema: S) => ({ body: { required: true, content: { 'application/json': { schema } } } });

/** `{ data }`. */
export const dataOf = <S extends z.ZodType>(schema: S) => z.strictObject({ data: schema });

/** `{ data, meta: { fetchedAt, stale, reason? } }`: a read of the swarm, the last known data when no manager answers. */
export const fetchedOf = <S extends z.ZodType>(schema: S) => z.strictObject({ data: schema, meta: fetchedMetaSchema });

/** The OpenAPI 3.1 document of an API router, its paths relative to `mount` (where the host serves the API). */
export function apiDocument(app: OpenAPIHono<PluginEnv>, info: { mount: string; version: string }) {
  app.openAPIRegistry.registerComponent('securitySchemes', BEARER_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token of the panel (abilities `read`, or `read,write` for writes)',
  });
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Swarm clusters API',
      version: info.version,
      description:
        'Docker Swarm clusters of the panel: nodes, services, tasks, events, secrets, configs, stacks. JSON in camelCase; ' +
        'errors as `{"error":{"code","message"}}`; reads of the swarm carry `meta.fetchedAt` and `meta.stale`.',
    },
    servers: [{ url: info.mount }],
    security: [{ [BEARER_SCHEME]: [] }],
  });
}
