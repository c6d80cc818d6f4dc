import { DockerError } from '../../../docker/index.ts';
import { ServiceError } from '../../../services/errors.ts';

/** What a failure of a deploy or a check tells the user; unknown failures are rethrown (logged as 500). */
export function failureMessage(error: unknown): string {
  if (error instanceof ServiceError || error instanceof DockerError) return error.message;
  throw error;
}
