/**
 * What became of a rotation a stopped panel left in progress, judged from the swarm when the panel is back:
 * finished (the old version is gone and nothing uses it), safe to go on (the runner's steps read the swarm
 * before they write, so running the interrupted step again is harmless), or stopped for a reason the runner
 * would only run into (the service's update paused, failed or was rolled back, or the new version is gone).
 */
import type { EngineService } from '../docker/schemas.ts';
import { nextStepIndex, type RotationStep } from './rotation-plan.ts';
import { serviceProgress } from './service-progress.ts';
import type { SwarmObjectKind } from './swarm-object-names.ts';
import { objectUsers, usesObject } from './swarm-object-refs.ts';

export type RecoveryVerdict = { verdict: 'finished' } | { verdict: 'resume' } | { verdict: 'stop'; reason: string };

export interface LeftRotation {
  kind: SwarmObjectKind;
  fromId: string;
  toId: string;
  toName: string;
  steps: readonly RotationStep[];
}

export interface SwarmNow {
  services: readonly EngineService[];
  /** The ids of the secrets or configs (of the rotation's kind) that exist. */
  objectIds: ReadonlySet<string>;
}

export function recoveryVerdict(rotation: LeftRotation, swarm: SwarmNow): RecoveryVerdict {
  if (!swarm.objectIds.has(rotation.toId)) return { verdict: 'stop', reason: `${rotation.toName} no longer exists in the swarm` };
  const stillUsed = (objectUsers(swarm.services, rotation.kind).get(rotation.fromId) ?? []).length > 0;
  if (!swarm.objectIds.has(rotation.fromId) && !stillUsed) return { verdict: 'finished' };
  const index = nextStepIndex(rotation.steps);
  const step = index < 0 ? undefined : rotation.steps[index];
  if (step?.kind !== 'update' || step.status !== 'running') return { verdict: 'resume' };
  const service = swarm.services.find((s) => s.ID === step.service.id);
  if (!service) return { verdict: 'resume' };
  const onNew = usesObject(service.Spec, rotation.kind, rotation.toId);
  // Docker's rollback swaps the spec and the previous one: back on the old version, with the new one as previous.
  const rolledBack = !onNew && service.PreviousSpec !== undefined && usesObject(service.PreviousSpec, rotation.kind, rotation.toId);
  const progress = serviceProgress(service, []);
  if (rolledBack)
    return { verdict: 'stop', reason: `the update of ${progress.name} was rolled back${progress.updateMessage ? `: ${progress.updateMessage}` : ''}` };
  if (onNew && (progress.phase === 'paused' || progress.phase === 'failed'))
    return { verdict: 'stop', reason: `the update of ${progress.name} ${progress.phase}: ${progress.problem}` };
  return { verdict: 'resume' };
}
