/**
 * The frame of every page of one cluster: the cluster's name, status and why, the section tabs, and the element
 * naming the live stream (`data-live-url`). The stylesheet and scripts come with the page (views/page-head.tsx).
 */
import type { Child } from 'hono/jsx';
import { ClusterNav, type ClusterSection } from './cluster-nav.tsx';
import { formatAgo, formatClock } from './format.ts';
import { StatusBadge } from './status-badge.tsx';

export interface ClusterHeader {
  uuid: string;
  name: string;
  description: string | null;
  status: string;
  statusReason: string | null;
  statusChangedAt: string | null;
  lastSyncAt: string | null;
}

export function ClusterPage(props: {
  cluster: ClusterHeader;
  /** The cluster's URL, e.g. `/clusters/<uuid>`. */
  base: string;
  /** Back to the list. */
  listUrl: string;
  liveUrl: string;
  section: ClusterSection;
  /** The live stream's state when the page was rendered (`streaming`, or the page starts polling). */
  liveState?: string;
  /** Where "Sync now" posts, for those who may sync the cluster. */
  syncUrl?: string;
  children?: Child;
}) {
  const { cluster } = props;
  return (
    <div class="clusters cl-cluster" data-live-url={props.liveUrl} data-cluster={cluster.uuid}>
      <header class="cl-head">
        <div class="cl-crumbs">
          <a href={props.listUrl}>Clusters</a> /
        </div>
        <div class="cl-title">
          <h1>{cluster.name}</h1>
          <StatusBadge status={cluster.status} />
          <span class="cl-muted cl-live-state" title="live updates from the swarm's event stream; polling every 5 s while it is down">
            <i class="cl-dot" aria-hidden="true"></i>
            {/* The live script writes the stream's state here. */}
            <span data-live-status={props.liveState ?? 'off'}>{props.liveState === 'streaming' ? 'live' : 'polling'}</span>
          </span>
          <span class="cl-spacer"></span>
          <span class="cl-muted" title={cluster.lastSyncAt ?? undefined}>
            last sync {formatAgo(cluster.lastSyncAt)}
          </span>
          {props.syncUrl ? (
            <button type="button" class="cl-button cl-button-quiet" hx-post={props.syncUrl} hx-swap="none">
              Sync now
            </button>
          ) : null}
        </div>
        {cluster.description ? <p class="cl-muted cl-desc">{cluster.description}</p> : null}
        {cluster.status !== 'healthy' && cluster.statusReason ? (
          <p class={`cl-reason cl-reason-${cluster.status}`}>
            {cluster.status}
            {cluster.statusChangedAt ? ` since ${formatClock(cluster.statusChangedAt)}` : ''}: {cluster.statusReason}
          </p>
        ) : null}
        <ClusterNav base={props.base} active={props.section} />
      </header>
      {props.children}
    </div>
  );
}
