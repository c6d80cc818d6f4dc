import type { ClusterMetadata } from '../src/db/schema.ts';
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

export function ClusterList(props: { clusters: ClusterCardProps[] }) {
  if (props.clusters.length === 0) {
    return (
      <section class="empty">
        <h2>No clusters yet</h2>
        <p>Add a server marked as a swarm manager, then detect its swarm.</p>
      </section>
    );
  }
  return (
    <section class="cluster-cards">
      {props.clusters.map((c) => (
        <article class="card" data-cluster={c.uuid}>
          <header>
            <a href={c.href}>{c.name}</a> <StatusBadge status={c.status} />
          </header>
          <dl>
            <dt>Type</dt>
            <dd>{c.type}</dd>
            <dt>Nodes</dt>
            <dd>{c.metadata?.nodeCount ?? 0}</dd>
            <dt>Services</dt>
            <dd>{c.metadata?.serviceCount ?? 0}</dd>
            <dt>Last sync</dt>
            <dd>{c.metadata?.lastSyncAt ?? 'never'}</dd>
          </dl>
          {c.statusReason ? <p class="reason">{c.statusReason}</p> : null}
        </article>
      ))}
    </section>
  );
}
