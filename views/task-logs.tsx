/** The last lines of one task's log, opened from the task's details in the visualizer. */
import type { LogLine } from '../src/domain/log-line.ts';
import { OpNotice } from './operation-panel.tsx';

export interface TaskLogsProps {
  /** The task as the CLI names it, e.g. `web.2`. */
  name: string;
  taskId: string;
  visualizerUrl: string;
  lines: LogLine[];
  truncated: boolean;
  error?: string;
}

export function TaskLogs(props: TaskLogsProps) {
  return (
    <section class="cl-logs" data-task-logs={props.taskId}>
      <div class="cl-section-head">
        <h2>Logs of task {props.name}</h2>
        <span class="cl-muted cl-mono">{props.taskId}</span>
        <span class="cl-spacer"></span>
        <a href={props.visualizerUrl}>Back to the visualizer</a>
      </div>
      {props.error ? <OpNotice tone="error">{props.error}</OpNotice> : null}
      {props.truncated ? <OpNotice tone="warning">Cut short: only the oldest requested lines fit in one read.</OpNotice> : null}
      {props.lines.length === 0 && !props.error ? <p class="cl-muted">No log lines.</p> : null}
      <pre class="cl-log">
        {props.lines.map((line) => (
          <span class={`cl-log-line cl-log-${line.stream}`}>
            {line.text}
            {'\n'}
          </span>
        ))}
      </pre>
    </section>
  );
}
