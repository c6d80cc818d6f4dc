/**
 * How far a service is from what its spec asks: the update's state as Docker reports it, and how many
 * running tasks already carry the current task spec.
 */
import type { EngineService, EngineTask } from '../docker/schemas.ts';
import { isTaskStillUp } from './node-tasks.ts';
import { isActiveTask, type SwarmServiceSummary, serviceMode } from './swarm-summaries.ts';

export type ProgressPhase = 'converged' | 'converging' | 'updating' | 'rolling-back' | 'paused' | 'failed';

export interface ServiceProgress {
  serviceId: string;
  name: string;
  mode: SwarmServiceSummary['mode'];
  /** Tasks the spec asks for. */
  desired: number;
  running: number;
  /** Running tasks on the current spec. */
  updated: number;
  /** Tasks told to stop (scaled away, replaced) that have not stopped yet. */
  stopping: number;
  /** Docker's UpdateStatus.State (updating, paused, completed, rollback_started, ...), null when never updated. */
  updateState: string | null;
  updateMessage: string | null;
  phase: ProgressPhase;
  /** Nothing more will happen without someone acting (converged, or a paused / failed update). */
  settled: boolean;
  /** A paused or failed rolling update, in words. */
  problem: string | null;
}

export function serviceProgress(service: EngineService, tasks: readonly EngineTask[]): ServiceProgress {
  const mode = serviceMode(service);
  const own = tasks.filter((t) => t.ServiceID === service.ID);
  const wanted = own.filter(isActiveTask);
  const running = wanted.filter((t) => t.Status.State === 'running');
  const stopping = own.filter((t) => !isActiveTask(t) && isTaskStillUp(t)).length;
  const template = comparableSpec(service.Spec.TaskTemplate);
  const updated = running.filter((t) => comparableSpec(t.Spec) === template).length;
  const desired = mode === 'replicated' ? (service.Spec.Mode.Replicated?.Replicas ?? 1) : wanted.length;
  const updateState = service.UpdateStatus?.State ?? null;
  const updateMessage = service.UpdateStatus?.Message || null;
  const failed = /failure|failed/i.test(updateMessage ?? '');
  const caughtUp = running.length === desired && updated === desired && wanted.length === desired && stopping === 0;

  let phase: ProgressPhase;
  let problem: string | null = null;
  if (updateState === 'paused' || updateState === 'rollback_paused') {
    phase = 'paused';
    problem = updateMessage ?? (updateState === 'paused' ? 'the update is paused' : 'the rollback is paused');
  } else if (updateState === 'rollback_started' && failed) {
    phase = 'failed';
    problem = updateMessage;
  } else if (updateState === 'updating') {
    phase = 'updating';
  } else if (updateState === 'rollback_started') {
    phase = 'rolling-back';
  } else {
    phase = caughtUp ? 'converged' : 'converging';
    if (updateState === 'rollback_completed' && failed) problem = updateMessage;
  }
  return {
    serviceId: service.ID,
    name: service.Spec.Name,
    mode,
    desired,
    running: running.length,
    updated,
    stopping,
    updateState,
    updateMessage,
    phase,
    settled: phase === 'converged' || phase === 'paused',
    problem,
  };
}

/**
 * A task spec as text that compares equal to the service's task template it was made from. The engine
 * fills in `Runtime` on the service's template but not on its tasks, so that one field is left out.
 */
function comparableSpec(spec: Record<string, unknown> | undefined): string {
  const { Runtime: _runtime, ...rest } = spec ?? {};
  return canonical(rest);
}

/** JSON with sorted keys, so two specs compare equal whatever order the engine wrote their fields in. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
