/** Status marks: cluster health, node state and availability, task state; colour from the status, text always shown. */
import type { ClusterStatus } from '../src/domain/cluster.ts';
import type { TaskStateKind } from '../src/domain/task-state.ts';

export function StatusBadge(props: { status: ClusterStatus | string }) {
  return (
    <span class={`cl-status cl-status-${props.status}`}>
      <i class="cl-dot" aria-hidden="true"></i>
      {props.status}
    </span>
  );
}

/** ready → healthy colour, down/disconnected → unreachable colour, anything else unknown. */
export function NodeState(props: { status: string; message?: string | null }) {
  const tone = props.status === 'ready' ? 'healthy' : props.status === 'down' || props.status === 'disconnected' ? 'unreachable' : 'unknown';
  return (
    <span class={`cl-status cl-status-${tone}`} title={props.message ?? undefined}>
      <i class="cl-dot" aria-hidden="true"></i>
      {props.status}
    </span>
  );
}

export function Availability(props: { availability: string }) {
  return <span class={`cl-pill cl-avail-${props.availability}`}>{props.availability}</span>;
}

export function TaskState(props: { state: string; kind: TaskStateKind; title?: string }) {
  return (
    <span class={`cl-pill cl-task-${props.kind}`} title={props.title}>
      {props.state}
    </span>
  );
}

export function LeaderBadge() {
  return (
    <span class="cl-pill cl-leader" title="raft leader">
      leader
    </span>
  );
}
