/** One task, opened from the visualizer. */
import type { TaskSummary } from '../src/domain/swarm-summaries.ts';
import { formatDateTime } from './format.ts';
import { TaskState } from './status-badge.tsx';

export function TaskDetails(props: { task: TaskSummary; nodeName: string | null; logsUrl: string }) {
  const t = props.task;
  const rows: [string, string | null][] = [
    ['Task', t.id],
    ['Service', t.serviceName ?? t.serviceId],
    ['Slot', t.slot === null ? null : String(t.slot)],
    ['Node', props.nodeName ?? t.nodeId],
    ['Desired', t.desiredState],
    ['Message', t.message],
    ['Error', t.error],
    ['Container', t.containerId],
    ['Image', t.image],
    ['Created', formatDateTime(t.createdAt)],
    ['Updated', formatDateTime(t.updatedAt)],
  ];
  return (
    <section class="cl-card cl-task-details" data-task={t.id} aria-label="Task details">
      <header>
        <span class="cl-strong">
          {t.serviceName ?? t.serviceId}
          {t.slot !== null ? `.${t.slot}` : ''}
        </span>
        <TaskState state={t.state} kind={t.stateKind} />
        <span class="cl-spacer"></span>
        <a href={props.logsUrl} class="cl-button cl-button-quiet" data-task-logs-link>
          Logs
        </a>
        <button type="button" class="cl-button cl-button-quiet" x-data x-on:click="$el.closest('[data-task-details]').replaceChildren()">
          Close
        </button>
      </header>
      <dl class="cl-kv">
        {rows
          .filter(([, value]) => value)
          .map(([key, value]) => (
            <>
              <dt>{key}</dt>
              <dd class={key === 'Error' ? 'cl-error-text' : key === 'Task' || key === 'Container' ? 'cl-mono' : undefined}>{value}</dd>
            </>
          ))}
      </dl>
    </section>
  );
}
