/** Maps what services and Docker report to HTTP statuses and the API's `{"error":{"code","message"}}`. */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HTTPException } from 'hono/http-exception';
import { DockerError } from '../docker/index.ts';
import { ServiceError, type ServiceErrorCode } from '../services/errors.ts';

export interface ErrorBody {
  error: { code: string; message: string; field?: string; details?: Record<string, unknown> };
}

const SERVICE_STATUS: Record<ServiceErrorCode, ContentfulStatusCode> = {
  not_found: 404,
  validation_failed: 400,
  conflict: 409,
  forbidden: 403,
  cluster_unreachable: 503,
  not_a_manager: 422,
  docker_error: 502,
};

const DOCKER_STATUS: Record<DockerError['code'], ContentfulStatusCode> = {
  not_found: 404,
  conflict: 409,
  bad_request: 400,
  precondition: 412,
  unreachable: 503,
  timeout: 504,
  auth: 502,
  host_key_mismatch: 502,
  engine: 502,
};

/** An HTTP error carrying the API's error body. */
export function httpError(status: ContentfulStatusCode, code: string, message: string, extra: Partial<ErrorBody['error']> = {}): HTTPException {
  const body: ErrorBody = { error: { code, message, ...extra } };
  return new HTTPException(status, { res: Response.json(body, { status }), message });
}

export function toErrorResponse(error: unknown): { status: ContentfulStatusCode; body: ErrorBody } {
  if (error instanceof ServiceError) {
    const field = typeof error.details?.field === 'string' ? error.details.field : undefined;
    const details = error.details && !field ? error.details : undefined;
    return {
      status: SERVICE_STATUS[error.code],
      body: { error: { code: error.code, message: error.message, ...(field ? { field } : {}), ...(details ? { details } : {}) } },
    };
  }
  if (error instanceof DockerError) {
    return { status: DOCKER_STATUS[error.code], body: { error: { code: `docker_${error.code}`, message: error.message } } };
  }
  return { status: 500, body: { error: { code: 'internal_error', message: 'internal error' } } };
}
