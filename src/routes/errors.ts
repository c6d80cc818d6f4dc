/**
 * The one error path. Services throw ServiceError (Docker's failures translated); `errorReport` maps a
 * failure to its status, code and message, which the API sends as `{"error":{"code","message"}}` and the
 * pages render as a partial or a page. Anything else is a bug: logged with its stack under a request id,
 * and shown as "internal error" with that id, never its own message.
 */
import { randomUUID } from 'node:crypto';
import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Principal } from '../contract/host.ts';
import { type ServiceErrorCode, serviceErrorOf } from '../services/errors.ts';
import type { RequestHost } from '../services/plugin-services.ts';
import { allows } from './auth.ts';

export interface ErrorReport {
  status: ContentfulStatusCode;
  code: string;
  message: string;
  field?: string;
  details?: Record<string, unknown>;
  /** For an internal error: the id its log line carries. */
  requestId?: string;
}

export interface ErrorBody {
  error: { code: string; message: string; field?: string; details?: Record<string, unknown>; requestId?: string };
}

const STATUS: Record<ServiceErrorCode, ContentfulStatusCode> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  validation_failed: 400,
  conflict: 409,
  in_use: 409,
  cluster_unreachable: 503,
  not_a_manager: 422,
  docker_not_found: 404,
  docker_conflict: 409,
  docker_bad_request: 400,
  docker_precondition: 412,
  docker_unreachable: 503,
  docker_timeout: 504,
  docker_auth: 502,
  docker_host_key_mismatch: 502,
  docker_engine: 502,
  docker_busy: 503,
  too_many_streams: 429,
};

/** An SSH target as transport errors name it (`user@host:port`): not for viewers' eyes. */
const SSH_TARGET = /\b[\w.-]+@(?:\[[0-9a-fA-F:.]+\]|[\w.-]+):\d+\b/g;

export function withoutAddresses(message: string): string {
  return message.replace(SSH_TARGET, '(address hidden)');
}

/** The answer to `error`. `revealAddresses`: whether the viewer may read SSH users, hosts and ports. */
export function errorReport(error: unknown, options: { requestId: string; revealAddresses: boolean }): ErrorReport {
  const known = serviceErrorOf(error);
  if (known) {
    const field = typeof known.details?.field === 'string' ? known.details.field : undefined;
    const details = known.details && !field ? known.details : undefined;
    const message = options.revealAddresses ? known.message : withoutAddresses(known.message);
    return { status: STATUS[known.code], code: known.code, message, ...(field ? { field } : {}), ...(details ? { details } : {}) };
  }
  // Hono's own refusals (a body it cannot read, say): their status, a code for it.
  if (error instanceof HTTPException && error.status < 500) {
    const code = Object.entries(STATUS).find(([name, status]) => status === error.status && !name.startsWith('docker_'))?.[0];
    return { status: error.status as ContentfulStatusCode, code: code ?? 'bad_request', message: error.message || 'request refused' };
  }
  return { status: 500, code: 'internal_error', message: 'internal error', requestId: options.requestId };
}

export function errorBody(report: ErrorReport): ErrorBody {
  const { code, message, field, details, requestId } = report;
  return { error: { code, message, ...(field ? { field } : {}), ...(details ? { details } : {}), ...(requestId ? { requestId } : {}) } };
}

/** The report's message as one line of text, with the request id of an internal error. */
export function reportText(report: ErrorReport): string {
  return report.requestId ? `${report.message} (request id ${report.requestId})` : report.message;
}

/** The host's request id when it sends a sane one (so its logs and ours line up), else a new one. */
function requestIdOf(c: Context): string {
  const given = c.req.header('X-Request-Id');
  return given && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}

/**
 * Reports a failure of a request: logs a bug with its stack (and a 5xx with its message), and returns
 * the report to answer with. Only those who may operate the cluster read SSH addresses in messages.
 */
export async function reportFailure(c: Context, host: Pick<RequestHost, 'auth' | 'logger'>, error: unknown): Promise<ErrorReport> {
  const principal = c.get('principal') as Principal | undefined;
  const revealAddresses = principal ? await allows(host, principal, 'cluster.operate').catch(() => false) : false;
  const report = errorReport(error, { requestId: requestIdOf(c), revealAddresses });
  const where = { method: c.req.method, path: c.req.path };
  if (report.code === 'internal_error') {
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    host.logger.error('cluster request failed', { ...where, requestId: report.requestId, error: stack });
  } else if (report.status >= 500) {
    host.logger.warn('cluster request failed', { ...where, code: report.code, error: error instanceof Error ? error.message : String(error) });
  }
  return report;
}

/** The API's `onError`: the report as `{"error":{"code","message",...}}` with its status. */
export function apiErrorHandler(host: Pick<RequestHost, 'auth' | 'logger'>): ErrorHandler {
  return async (error, c) => {
    const report = await reportFailure(c, host, error);
    return c.json(errorBody(report), report.status);
  };
}
