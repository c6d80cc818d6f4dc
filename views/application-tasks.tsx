import type { TaskView } from '../src/domain/swarm-views.ts';

export function ApplicationTasks(props: { stack: string; clusterName: string | null; tasks: TaskView[]; error?: string }) {
  return (
    <section class="swarm-tasks" data-stack={props.stack}>
      <h3>Swarm tasks{props.clusterName ? ` on ${props.clusterName}` : ''}</h3>
      {props.error ? <p class="error">{props.error}</p> : null}
      {props.tasks.length === 0 && !props.error ? <p class="empty">No swarm tasks for this application.</p> : null}
      {props.tasks.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>Service</th>
              <th>Slot</th>
              <th>Node</th>
              <th>State</th>
              <th>Desired</th>
              <th>Error</th>
            </tr>
          </thead>
          <tbody>
            {props.tasks.map((t) => (
              <tr>
                <td>{t.serviceName}</td>
                <td>{t.slot ?? ''}</td>
                <td>{t.nodeId ?? ''}</td>
                <td class={`state-${t.state}`}>{t.state}</td>
                <td>{t.desiredState}</td>
                <td>{t.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
