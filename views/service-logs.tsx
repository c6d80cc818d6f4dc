/**
 * A service's logs: the last lines of every task, stdout and stderr told apart, and a switch that follows
 * new lines (the script appends them with textContent: log text is data, never markup).
 */
import type { LogLine } from '../src/domain/log-line.ts';
import { OpNotice } from './operation-panel.tsx';

export interface ServiceLogsProps {
  service: { id: string; name: string };
  /** The service's URL below the cluster, e.g. `/clusters/<uuid>/services/<id>`. */
  url: string;
  /** Each line with the task it came from (`name.slot@node`), when known. */
  lines: (LogLine & { source?: string })[];
  truncated: boolean;
  tail: number | 'all';
  tails: readonly number[];
  /** The follow script (an asset URL). */
  scriptUrl: string;
  error?: string;
}

export function ServiceLogs(props: ServiceLogsProps) {
  const { service } = props;
  return (
    <section class="cl-logs" data-logs-stream={`${props.url}/logs/stream`} data-service={service.id}>
      <div class="cl-section-head">
        <h2>Logs of {service.name}</h2>
        <form method="get" action={`${props.url}/logs`} class="cl-op-row">
          <label>
            Last{' '}
            <select name="tail">
              {props.tails.map((n) => (
                <option value={String(n)} selected={props.tail === n}>
                  {n} lines
                </option>
              ))}
              <option value="all" selected={props.tail === 'all'}>
                everything
              </option>
            </select>
          </label>
          <button type="submit">Show</button>
        </form>
        <label class="cl-op-row">
          <input type="checkbox" data-logs-follow /> Follow
        </label>
        <span class="cl-muted" data-logs-state role="status"></span>
      </div>
      {props.error ? <OpNotice tone="error">{props.error}</OpNotice> : null}
      {props.truncated ? <OpNotice tone="warning">Cut short: only the oldest requested lines fit in one read.</OpNotice> : null}
      {props.lines.length === 0 && !props.error ? (
        <p class="cl-muted" data-logs-empty>
          No log lines yet.
        </p>
      ) : null}
      <pre class="cl-log" data-logs-output>
        {props.lines.map((line) => (
          <span class={`cl-log-line cl-log-${line.stream}`}>
            {line.source ? <span class="cl-log-source">{line.source} | </span> : null}
            {line.text}
            {'\n'}
          </span>
        ))}
      </pre>
      <script src={props.scriptUrl} defer></script>
    </section>
  );
}
