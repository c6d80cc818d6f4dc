/**
 * Whether a stack deploy the swarm accepted failed after all, judged by the services it wrote: a rolling update
 * that paused, failed or was rolled back, or a service whose tasks keep failing since the deploy wrote it (a
 * missing image, a command that exits). One failed task is not yet a failure: the swarm retries it, and a
 * service may come up on the second try.
 */
import type { EngineService, EngineTask } from '../docker/schemas.ts';
import { serviceProgress } from './service-progress.ts';

/** Failed or rejected tasks since the deploy that make a not yet converged service a failed deploy. */
export const FAILED_TASKS_FOR_FAILURE = 2;

export interface DeployFailure {
  service: string;
  /** Docker's words: the update's message, or the last failed task's error. */
  message: string;
}

export interface DeployWatch {
  /** Every service the deploy wrote converged: nothing more to watch. */
  converged: boolean;
  failures: DeployFailure[];
}

const FAILED_STATES = new Set(['failed', 'rejected']);

export function deployOutcome(written: readonly EngineService[], tasks: readonly EngineTask[]): DeployWatch {
  const failures: DeployFailure[] = [];
  let converged = true;
  for (const service of written) {
    const progress = serviceProgress(service, tasks);
    if (progress.phase !== 'converged') converged = false;
    if (progress.phase === 'paused' || progress.phase === 'failed') {
      failures.push({ service: progress.name, message: progress.problem ?? `the update ${progress.phase}` });
      continue;
    }
    if (progress.updateState === 'rollback_completed' || progress.updateState === 'rollback_started') {
      failures.push({ service: progress.name, message: progress.updateMessage ?? 'the update was rolled back' });
      continue;
    }
    if (progress.phase === 'converged') continue;
    // Tasks made since the deploy wrote the service (Docker's clock on both sides).
    const since = Date.parse(service.UpdatedAt);
    const failed = tasks
      .filter((t) => t.ServiceID === service.ID && FAILED_STATES.has(t.Status.State) && Date.parse(t.CreatedAt) >= since)
      .sort((a, b) => (b.Status.Timestamp ?? '').localeCompare(a.Status.Timestamp ?? ''));
    if (failed.length >= FAILED_TASKS_FOR_FAILURE) {
      const last = failed[0]!;
      failures.push({ service: progress.name, message: `${last.Status.State}: ${last.Status.Err || last.Status.Message || 'no reason given'}` });
    }
  }
  return { converged: converged && failures.length === 0, failures };
}
