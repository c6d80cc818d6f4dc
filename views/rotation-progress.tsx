/**
 * A rotation's steps with their progress: creating the next version, each service's rolling update (how many
 * tasks are on the new spec), removing the old version. While it runs, the panel asks again every second;
 * a stopped rotation says where it stopped and offers to resume.
 */
import type { RotationStep, RotationSummary } from '../src/domain/rotation-plan.ts';
import { formatClock } from './format.ts';

const STEP_MARK: Record<RotationStep['status'], string> = { pending: '○', running: '◔', done: '✓', failed: '✗' };

function stepText(step: RotationStep, rotation: RotationSummary) {
  if (step.kind === 'create') return `Create ${rotation.to.name}`;
  if (step.kind === 'remove') return `Remove ${rotation.from.name}`;
  const tasks = step.desired > 0 || step.status !== 'pending' ? ` — ${step.updated}/${step.desired} tasks on the new spec` : '';
  return `Move ${step.service.name} to ${rotation.to.name}${tasks}`;
}

export function RotationPanel(props: { rotation: RotationSummary; url: string; resumeUrl: string; canOperate: boolean }) {
  const { rotation } = props;
  const running = rotation.status === 'running';
  return (
    <div
      class="cl-op-card cl-rotation"
      id="cl-rotation-panel"
      data-status={rotation.status}
      hx-get={running ? props.url : undefined}
      hx-trigger={running ? 'load delay:1s' : undefined}
      hx-swap="outerHTML"
      aria-live="polite"
    >
      <p>
        <strong>
          Rotation of {rotation.from.name} to {rotation.to.name}
        </strong>{' '}
        <span class="cl-muted">
          started by {rotation.startedBy} at {formatClock(rotation.createdAt)}: {rotation.status}
        </span>
      </p>
      <ol class="cl-steps">
        {rotation.steps.map((step) => (
          <li class={`cl-step cl-step-${step.status}`} data-step={step.kind}>
            <span aria-hidden="true">{STEP_MARK[step.status]}</span> {stepText(step, rotation)}
            {step.message ? <span class="cl-step-message"> — {step.message}</span> : null}
          </li>
        ))}
      </ol>
      {rotation.status === 'completed' ? (
        <p class="cl-notice cl-notice-ok" role="status">
          Every service uses {rotation.to.name}; {rotation.from.name} was removed.
        </p>
      ) : null}
      {rotation.summary ? (
        <p class="cl-notice cl-notice-error" role="alert">
          {rotation.summary}
        </p>
      ) : null}
      {rotation.status === 'stopped' && props.canOperate ? (
        <button type="button" class="cl-button" hx-post={props.resumeUrl} hx-target="#cl-rotation-panel" hx-swap="outerHTML">
          Resume
        </button>
      ) : null}
    </div>
  );
}
