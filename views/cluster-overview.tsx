/**
 * The overview of a cluster: four cards (status and version; nodes; services; tasks), the resource row
 * and the node table. The cards and the table re-render live; the resource row keeps itself (hx-preserve)
 * and refreshes on its own clock.
 */
import type { Child } from 'hono/jsx';
import type { OverviewCounts } from '../src/domain/cluster-overview.ts';
import type { NodeSummary } from '../src/domain/swarm-summaries.ts';
import { FetchedAt, type FetchedMeta, StaleNotice } from './fetch-notice.tsx';
import { LiveRegion } from './live-region.tsx';
import { ResourceRowLoading } from './node-resources.tsx';
import { NodeTable } from './node-table.tsx';
import { StatusBadge } from './status-badge.tsx';

export interface OverviewProps {
  /** The cluster's URL; the overview partial is served there too. */
  url: string;
  resourcesUrl: string;
  meta: FetchedMeta;
  /** When the cluster became unreachable, if it is. */
  since: string | null;
  health: { status: string; reasons: string[] };
  dockerVersion: string | null;
  swarmId: string | null;
  counts: OverviewCounts;
  nodes: NodeSummary[];
  canOperate: boolean;
  /** Tasks still being placed, started or stopped: the region reads again shortly. */
  converging: boolean;
}

function Stat(props: { label: string; value: number; tone?: string; field: string }) {
  return (
    <div class={`cl-stat${props.tone && props.value > 0 ? ` cl-stat-${props.tone}` : ''}`}>
      <span class="cl-stat-value" data-field={props.field}>
        {props.value}
      </span>
      <span class="cl-stat-label">{props.label}</span>
    </div>
  );
}

/** A card of counts. */
function StatCard(props: { title: string; children: Child }) {
  return (
    <section class="cl-card" aria-label={props.title}>
      <h2>{props.title}</h2>
      <div class="cl-stats">{props.children}</div>
    </section>
  );
}

export function OverviewCards(props: Pick<OverviewProps, 'health' | 'dockerVersion' | 'swarmId' | 'counts'>) {
  const { counts } = props;
  return (
    <div class="cl-cards" id="cl-overview-cards">
      <section class={`cl-card cl-edge-${props.health.status}`} aria-label="Status">
        <h2>Status</h2>
        <div class="cl-card-main">
          <StatusBadge status={props.health.status} />
        </div>
        <p class="cl-muted cl-small">
          Docker {props.dockerVersion ?? '—'}
          {props.swarmId ? <span title={props.swarmId}> · swarm {props.swarmId.slice(0, 10)}</span> : null}
        </p>
        {props.health.reasons.length > 0 ? (
          <ul class="cl-reasons cl-small">
            {props.health.reasons.slice(0, 4).map((r) => (
              <li>{r}</li>
            ))}
            {props.health.reasons.length > 4 ? <li class="cl-muted">and {props.health.reasons.length - 4} more</li> : null}
          </ul>
        ) : null}
      </section>
      <StatCard title="Nodes">
        <Stat label="total" value={counts.nodes.total} field="nodes-total" />
        <Stat label="managers" value={counts.nodes.managers} field="nodes-managers" />
        <Stat label="workers" value={counts.nodes.workers} field="nodes-workers" />
        <Stat label="down" value={counts.nodes.down} tone="bad" field="nodes-down" />
      </StatCard>
      <StatCard title="Services">
        <Stat label="running" value={counts.services.running} tone="good" field="services-running" />
        <Stat label="updating" value={counts.services.updating} tone="warn" field="services-updating" />
        <Stat label="failed" value={counts.services.failed} tone="bad" field="services-failed" />
      </StatCard>
      <StatCard title="Tasks">
        <Stat label="running" value={counts.tasks.running} tone="good" field="tasks-running" />
        <Stat label="pending" value={counts.tasks.pending} tone="warn" field="tasks-pending" />
        <Stat label="failed" value={counts.tasks.failed} tone="bad" field="tasks-failed" />
      </StatCard>
    </div>
  );
}

export function OverviewLive(props: OverviewProps) {
  return (
    <LiveRegion id="cl-overview" url={props.url} converging={props.converging}>
      <StaleNotice meta={props.meta} since={props.since} />
      <OverviewCards health={props.health} dockerVersion={props.dockerVersion} swarmId={props.swarmId} counts={props.counts} />
      <div class="cl-section-head">
        <h2>Resources</h2>
        <span class="cl-muted cl-small">read over SSH from known servers, refreshed every minute</span>
      </div>
      <div id="cl-resources-slot" hx-preserve="true">
        <ResourceRowLoading url={props.resourcesUrl} nodeCount={props.nodes.length} />
      </div>
      <div class="cl-section-head">
        <h2>Nodes</h2>
        {props.canOperate ? (
          <a class="cl-button cl-button-quiet" href={`${props.url}/add-node`}>
            Add a node
          </a>
        ) : null}
        <FetchedAt meta={props.meta} />
      </div>
      <NodeTable nodes={props.nodes} canOperate={props.canOperate} base={props.url} />
    </LiveRegion>
  );
}
