/**
 * What the pages say when the swarm cannot be read: the last known data with when and why
 * (stale), or nothing to show and what to do about it (unreachable, never read).
 */
import { formatClock } from './format.ts';

export interface FetchedMeta {
  stale: boolean;
  fetchedAt: string;
  reason?: string;
}

const WHAT_TO_DO = 'Check that a manager server is up and reachable over SSH with its Docker engine running; the page keeps retrying.';

/** "Manager unreachable since HH:MM: reason — showing data from HH:MM." (since: when the cluster became unreachable, if known). */
export function StaleNotice(props: { meta: FetchedMeta; since: string | null }) {
  if (!props.meta.stale) return null;
  return (
    <div class="cl-notice cl-notice-error" role="status">
      <strong>Manager unreachable{props.since ? ` since ${formatClock(props.since)}` : ''}</strong>: {props.meta.reason ?? 'no manager answered'}
      {' — '}showing data from <time datetime={props.meta.fetchedAt}>{formatClock(props.meta.fetchedAt)}</time>. {WHAT_TO_DO}
    </div>
  );
}

export function UnreachableState(props: { reason: string; since: string | null }) {
  return (
    <div class="cl-empty cl-notice-error" role="alert">
      <h2>Manager unreachable{props.since ? ` since ${formatClock(props.since)}` : ''}</h2>
      <p>{props.reason}</p>
      <p class="cl-muted">Nothing has been read from this swarm since the panel started, so there is no data to show. {WHAT_TO_DO}</p>
    </div>
  );
}

/** "updated HH:MM:SS", so a viewer can see the region is live. */
export function FetchedAt(props: { meta: FetchedMeta }) {
  return (
    <span class="cl-fetched cl-muted" title={props.meta.fetchedAt}>
      read <time datetime={props.meta.fetchedAt}>{formatClock(props.meta.fetchedAt, true)}</time>
    </span>
  );
}
