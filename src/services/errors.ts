/**
 * The failures the plugin reports: one class with a code. Services throw them; a failure of Docker is
 * translated here (its code prefixed `docker_`, its message Docker's own), so routes never see DockerError.
 * Anything else reaching a route is a bug: logged, and answered as "internal error" (routes/errors.ts).
 */
import { DockerError, type DockerErrorCode } from '../docker/index.ts';

export type ServiceErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'validation_failed'
  | 'conflict'
  /** A secret or config that services still use. */
  | 'in_use'
  | 'cluster_unreachable'
  | 'not_a_manager'
  /** The user holds the most long-lived streams one may (429). */
  | 'too_many_streams'
  | `docker_${DockerErrorCode}`;

export class ServiceError extends Error {
  override name = 'ServiceError';
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * No manager of the cluster answered; `reasons` says why for each one tried. `noLeader`: a manager that did
 * answer sees no leader, so the swarm cannot take a change until a majority of its managers is back.
 */
export class ClusterUnreachableError extends ServiceError {
  override name = 'ClusterUnreachableError';
  readonly noLeader: boolean;
  constructor(
    readonly reasons: string[],
    options: { noLeader?: boolean } = {},
  ) {
    super(
      'cluster_unreachable',
      options.noLeader
        ? `the swarm has no leader: too few managers are online (quorum lost), so nothing can be read or changed until a majority of the managers is back; ${reasons.join('; ')}`
        : `no manager of the cluster answered: ${reasons.join('; ')}`,
    );
    this.noLeader = options.noLeader ?? false;
  }
}

/** The typed failure `error` is (Docker's translated), or null when it is none: a bug. */
export function serviceErrorOf(error: unknown): ServiceError | null {
  if (error instanceof ServiceError) return error;
  if (error instanceof DockerError) return new ServiceError(`docker_${error.code}`, error.message, undefined, { cause: error });
  return null;
}
