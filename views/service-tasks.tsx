/** The tasks of one service: id, node, state, desired state, error, when it started. */
import type { TaskSummary } from '../src/domain/swarm-summaries.ts';
import { formatAgo, formatDateTime, shortId } from './format.ts';
import { TaskState } from './status-badge.tsx';

/** The cells every task table has: the node it is on, its state, desired state and error. */
export function TaskCells(props: { task: TaskSummary; nodeNames: Map<string, string> }) {
  const t = props.task;
  return (
    <>
      <td data-field="node">{t.nodeId ? (props.nodeNames.get(t.nodeId) ?? shortId(t.nodeId)) : <span class="cl-muted">not placed</span>}</td>
      <td>
        <TaskState state={t.state} kind={t.stateKind} title={t.message ?? undefined} />
      </td>
      <td>{t.desiredState}</td>
      <td class="cl-error-text">{t.error ?? ''}</td>
    </>
  );
}

export function ServiceTasks(props: { tasks: TaskSummary[]; nodeNames: Map<string, string> }) {
  if (props.tasks.length === 0) return <p class="cl-muted cl-small">This service has no tasks.</p>;
  const tasks = [...props.tasks].sort(
    (a, b) =>
      Number(b.desiredState === 'running') - Number(a.desiredState === 'running') ||
      (a.slot ?? 0) - (b.slot ?? 0) ||
      (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''),
  );
  return (
    <table class="cl-table cl-subtable">
      <thead>
        <tr>
          <th>Task</th>
          <th>Node</th>
          <th>State</th>
          <th>Desired</th>
          <th>Error</th>
          <th>Started</th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((t) => (
          <tr data-task={t.id} data-node={t.nodeId ?? ''} data-state={t.state} class={t.desiredState !== 'running' ? 'cl-row-old' : undefined}>
            <td class="cl-mono" title={t.id}>
              {shortId(t.id)}
              {t.slot !== null ? <span class="cl-muted"> .{t.slot}</span> : null}
            </td>
            <TaskCells task={t} nodeNames={props.nodeNames} />
            <td title={t.updatedAt ?? undefined}>
              {t.state === 'running' ? formatAgo(t.updatedAt) : <span class="cl-muted">{formatDateTime(t.updatedAt)}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
