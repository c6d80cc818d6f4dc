import type { ClusterStatus } from '../src/db/schema.ts';

export function StatusBadge(props: { status: ClusterStatus | string }) {
  return <span class={`badge status-${props.status}`}>{props.status}</span>;
}
