/** The team's clusters as cards, with auto-detect and the create form for those who may add clusters. */
import type { ClusterMetadata } from '../src/domain/cluster.ts';
import { ClusterCreateForm, type CreateFormProps } from './cluster-create-form.tsx';
import { formatAgo, formatBytes, formatCores } from './format.ts';
import { StatusBadge } from './status-badge.tsx';

export interface ClusterCardProps {
  uuid: string;
  name: string;
  type: string;
  status: string;
  statusReason: string | null;
  metadata: ClusterMetadata | null;
  href: string;
}

export interface DetectOutcome {
  created: number;
  found: number;
  skipped: { serverName: string; reason: string }[];
  /** Detection itself failed. */
  error?: string;
}

function DetectMessage(props: { outcome: DetectOutcome }) {
  const { outcome } = props;
  if (outcome.error) {
    return (
      <div class="cl-notice cl-notice-error" role="alert">
        Auto-detect failed: {outcome.error}
      </div>
    );
  }
  const summary =
    outcome.found === 0
      ? 'No swarm found: mark a server as swarm manager (under Servers) and make sure its Docker engine is a swarm manager.'
      : `Found ${outcome.found} swarm${outcome.found === 1 ? '' : 's'}: ${outcome.created} new, ${outcome.found - outcome.created} already registered.`;
  return (
    <div class={`cl-notice ${outcome.found === 0 ? 'cl-notice-warn' : 'cl-notice-ok'}`} role="status">
      {summary}
      {outcome.skipped.length > 0 ? (
        <ul>
          {outcome.skipped.map((s) => (
            <li>
              skipped {s.serverName}: {s.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function ClusterCard(props: { cluster: ClusterCardProps }) {
  const c = props.cluster;
  const m = c.metadata;
  return (
    <article class={`cl-card cl-cluster-card cl-edge-${c.status}`} data-cluster={c.uuid}>
      <header>
        <a class="cl-card-title" href={c.href}>
          {c.name}
        </a>
        <StatusBadge status={c.status} />
      </header>
      <dl class="cl-facts">
        <div>
          <dt>Type</dt>
          <dd>{c.type}</dd>
        </div>
        <div>
          <dt>Nodes</dt>
          <dd data-field="nodes">
            {m?.nodeCount ?? 0}
            {m ? (
              <span class="cl-muted">
                {' '}
                ({m.managerCount} mgr · {m.workerCount} wrk)
              </span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Services</dt>
          <dd data-field="services">{m?.serviceCount ?? 0}</dd>
        </div>
        <div>
          <dt>CPU / RAM</dt>
          <dd>{m ? `${formatCores(m.totalCpuCores)} · ${formatBytes(m.totalMemoryBytes)}` : '—'}</dd>
        </div>
        <div>
          <dt>Last sync</dt>
          <dd title={m?.lastSyncAt ?? undefined}>{formatAgo(m?.lastSyncAt)}</dd>
        </div>
      </dl>
      {c.status !== 'healthy' && c.statusReason ? <p class={`cl-reason cl-reason-${c.status}`}>{c.statusReason}</p> : null}
    </article>
  );
}

/** The list region: what auto-detect re-renders. */
export function ClusterCards(props: { clusters: ClusterCardProps[]; canCreate: boolean; detect?: DetectOutcome }) {
  return (
    <section id="cl-cluster-list" aria-live="polite">
      {props.detect ? <DetectMessage outcome={props.detect} /> : null}
      {props.clusters.length === 0 ? (
        <div class="cl-empty">
          <h2>No clusters yet</h2>
          {props.canCreate ? (
            <p>
              Add the swarm's manager as a server (under Servers, with "swarm manager" ticked), then use <strong>Auto-detect</strong>; or create the cluster by
              hand below.
            </p>
          ) : (
            <p>Ask an owner or admin of your team to add a cluster.</p>
          )}
        </div>
      ) : (
        <div class="cl-grid">
          {props.clusters.map((c) => (
            <ClusterCard cluster={c} />
          ))}
        </div>
      )}
    </section>
  );
}

export function ClustersPage(props: {
  clusters: ClusterCardProps[];
  detectUrl: string;
  /** The team's notification choices for all its clusters. */
  notificationsUrl: string;
  /** The create form, for those who may add clusters. */
  form: CreateFormProps | null;
}) {
  return (
    <div class="clusters cl-list-page">
      <header class="cl-head">
        <div class="cl-title">
          <h1>Clusters</h1>
          <span class="cl-spacer"></span>
          <a class="cl-button cl-button-quiet" href={props.notificationsUrl}>
            Notifications
          </a>
          {props.form ? (
            <button type="button" class="cl-button" hx-post={props.detectUrl} hx-target="#cl-cluster-list" hx-swap="outerHTML">
              Auto-detect from servers
            </button>
          ) : null}
        </div>
      </header>
      <ClusterCards clusters={props.clusters} canCreate={props.form !== null} />
      {props.form ? <ClusterCreateForm {...props.form} /> : null}
    </div>
  );
}
