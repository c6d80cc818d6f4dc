/**
 * The swarm tasks of one application (its stack, matched by the `com.docker.stack.namespace` label),
 * for the host's application page: one table per cluster running the stack, refreshable in place.
 */
import type { TaskSummary } from '../src/domain/swarm-summaries.ts';
import { type FetchedMeta, StaleNotice } from './fetch-notice.tsx';
import { formatAgo, formatClock } from './format.ts';
import { TaskCells } from './service-tasks.tsx';

export interface ApplicationClusterTasks {
  clusterName: string;
  clusterHref: string;
  meta: FetchedMeta | null;
  since: string | null;
  tasks: TaskSummary[];
  nodeNames: Map<string, string>;
  /** Reading this cluster failed with no data to show. */
  error?: string;
}

/** `<stack>_web` shows as `web`: the stack is the application, named above the table. */
function serviceName(task: TaskSummary, stack: string): string {
  const name = task.serviceName ?? task.serviceId;
  return name.startsWith(`${stack}_`) ? name.slice(stack.length + 1) : name;
}

/** `applicationName`: the panel application the stack deploys, named on hover instead of the stack's uuid. */
export function TasksTable(props: { tasks: TaskSummary[]; nodeNames: Map<string, string>; stack: string; applicationName?: string }) {
  const tasks = props.tasks;
  return (
    <table class="cl-table cl-subtable">
      <thead>
        <tr>
          <th>Service</th>
          <th>Node</th>
          <th>State</th>
          <th>Desired</th>
          <th>Error</th>
          <th>Since</th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((t) => (
          <tr data-task={t.id} class={t.desiredState !== 'running' ? 'cl-row-old' : undefined}>
            <td title={props.applicationName ? `${props.applicationName}_${serviceName(t, props.stack)}` : (t.serviceName ?? undefined)}>
              {serviceName(t, props.stack)}
              {t.slot !== null ? <span class="cl-muted">.{t.slot}</span> : null}
            </td>
            <TaskCells task={t} nodeNames={props.nodeNames} />
            <td title={t.updatedAt ?? undefined}>{formatAgo(t.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ApplicationTasks(props: {
  url: string;
  cssUrl: string;
  stack: string;
  applicationName: string;
  clusters: ApplicationClusterTasks[];
  renderedAt: string;
}) {
  return (
    <section class="clusters cl-app-tasks" id="cl-app-tasks" data-stack={props.stack} hx-get={props.url} hx-trigger="every 15s" hx-swap="outerHTML">
      <link rel="stylesheet" href={props.cssUrl} />
      <div class="cl-section-head">
        <h2>Swarm tasks</h2>
        <span class="cl-muted cl-small">
          stack <span class="cl-mono">{props.stack}</span> · read {formatClock(props.renderedAt, true)}
        </span>
        <span class="cl-spacer"></span>
        <button type="button" class="cl-button cl-button-quiet" hx-get={props.url} hx-target="#cl-app-tasks" hx-swap="outerHTML">
          Refresh
        </button>
      </div>
      {props.clusters.length === 0 ? (
        <p class="cl-muted">
          No swarm tasks for this application: none of your team's clusters runs a stack labelled with its uuid. Deploy the application as a stack to a cluster
          to see its tasks here.
        </p>
      ) : (
        props.clusters.map((c) => (
          <div class="cl-app-cluster">
            <h3>
              on <a href={c.clusterHref}>{c.clusterName}</a>
            </h3>
            {c.error ? (
              <p class="cl-notice cl-notice-error">{c.error}</p>
            ) : (
              <>
                {c.meta ? <StaleNotice meta={c.meta} since={c.since} /> : null}
                <TasksTable tasks={c.tasks} nodeNames={c.nodeNames} stack={props.stack} applicationName={props.applicationName} />
              </>
            )}
          </div>
        ))
      )}
    </section>
  );
}
