/** Failures the services layer reports; routes turn them into HTTP answers. */
export type ServiceErrorCode =
  | 'not_found'
  | 'validation_failed'
  | 'conflict'
  | 'forbidden'
  | 'cluster_unreachable'
  | 'not_a_manager'
  | 'docker_error';

export class ServiceError extends Error {
  override name = 'ServiceError';
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** No manager of the cluster answered; `reasons` says why for each one tried. */
export class ClusterUnreachableError extends ServiceError {
  override name = 'ClusterUnreachableError';
  constructor(readonly reasons: string[]) {
    super('cluster_unreachable', `no manager of the cluster answered: ${reasons.join('; ')}`);
  }
}
