/**
 * A rotation as steps: create the next version, move each service using the old version to it (one rolling
 * update at a time, each waited for), then remove the old version. A step that fails stops the rotation
 * where it is; resuming runs the failed step again and goes on from there.
 */
import type { ObjectUser } from './swarm-object-refs.ts';

export type StepStatus = 'pending' | 'running' | 'done' | 'failed';

export type RotationStep =
  | { kind: 'create'; status: StepStatus; message: string | null }
  | { kind: 'update'; status: StepStatus; message: string | null; service: ObjectUser; updated: number; desired: number }
  | { kind: 'remove'; status: StepStatus; message: string | null };

export type RotationStatus = 'running' | 'stopped' | 'completed';

/** The steps of a rotation whose new version was created, for the services using the old one. */
export function rotationPlan(users: readonly ObjectUser[]): RotationStep[] {
  return [
    { kind: 'create', status: 'done', message: null },
    ...users.map((service) => updateStep(service)),
    { kind: 'remove', status: 'pending', message: null },
  ];
}

function updateStep(service: ObjectUser): RotationStep {
  return { kind: 'update', status: 'pending', message: null, service, updated: 0, desired: 0 };
}

/** The first step still to run, or -1 when every step is done. */
export function nextStepIndex(steps: readonly RotationStep[]): number {
  return steps.findIndex((step) => step.status !== 'done');
}

export function withStep(
  steps: readonly RotationStep[],
  index: number,
  patch: Partial<Pick<RotationStep, 'status' | 'message'>> & { updated?: number; desired?: number },
): RotationStep[] {
  return steps.map((step, i) => (i === index ? ({ ...step, ...patch } as RotationStep) : step));
}

/**
 * Services found using the old version when it is about to be removed (they started to during the
 * rotation, or went back to it): each gets its update step again before the removal, or a new one.
 */
export function withLateUsers(steps: readonly RotationStep[], users: readonly ObjectUser[]): RotationStep[] {
  const late = new Set(users.map((user) => user.id));
  const reopened = steps.map((step) => (step.kind === 'update' && late.has(step.service.id) ? { ...step, status: 'pending' as const, message: null } : step));
  const planned = new Set(steps.flatMap((step) => (step.kind === 'update' ? [step.service.id] : [])));
  const added = users.filter((user) => !planned.has(user.id)).map(updateStep);
  const removal = reopened.findIndex((step) => step.kind === 'remove');
  return [...reopened.slice(0, removal), ...added, ...reopened.slice(removal)];
}

/** The failed step made pending again, so the runner starts from it. */
export function resumedSteps(steps: readonly RotationStep[]): RotationStep[] {
  return steps.map((step) => (step.status === 'failed' || step.status === 'running' ? ({ ...step, status: 'pending', message: null } as RotationStep) : step));
}

export function rotationStatus(steps: readonly RotationStep[], running: boolean): RotationStatus {
  if (steps.every((step) => step.status === 'done')) return 'completed';
  return running ? 'running' : 'stopped';
}

/**
 * What a stopped rotation means for the services, in words: which moved, which did not, what was kept,
 * and how to go on.
 */
export function stopSummary(steps: readonly RotationStep[], names: { from: string; to: string }): string | null {
  const failed = steps.find((step) => step.status === 'failed');
  if (!failed) return null;
  const updates = steps.filter((step) => step.kind === 'update');
  const moved = updates.filter((step) => step.status === 'done').map((step) => step.service.name);
  const waiting = updates.filter((step) => step.status === 'pending').map((step) => step.service.name);
  const where = failed.kind === 'update' ? `updating ${failed.service.name}` : failed.kind === 'remove' ? `removing ${names.from}` : `creating ${names.to}`;
  const parts = [`Stopped while ${where}: ${failed.message ?? 'failed'}.`];
  if (moved.length) parts.push(`On ${names.to}: ${moved.join(', ')}.`);
  if (waiting.length) parts.push(`Still on ${names.from}: ${waiting.join(', ')}.`);
  parts.push(`${names.from} was kept.`);
  parts.push(
    failed.kind === 'update' ? `Fix ${failed.service.name} and resume, or roll it back to its previous spec (on ${names.from}).` : 'Resume to try again.',
  );
  return parts.join(' ');
}

/** A rotation as the API and the pages show it. */
export interface RotationSummary {
  id: string;
  kind: 'secret' | 'config';
  family: string;
  from: { id: string; name: string };
  to: { id: string; name: string };
  status: RotationStatus;
  steps: RotationStep[];
  /** Where a stopped rotation stopped and how to go on; null unless stopped. */
  summary: string | null;
  startedBy: string;
  createdAt: string;
  updatedAt: string;
}
