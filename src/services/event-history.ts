/**
 * The stored events of a cluster, as the events page and the API read them (SwarmEventRecorder stores Docker's,
 * OperationLog the plugin's own operations).
 */
import type { ClusterEventRepository } from '../db/repositories/cluster-event-repository.ts';
import type { Cluster } from '../domain/cluster.ts';
import type { EventQuery, StoredEvent } from '../domain/stored-event.ts';

export class EventHistory {
  constructor(private readonly repository: ClusterEventRepository) {}

  /** Newest first. A node given by hostname also matches its id, so the events of its containers are found too. */
  list(cluster: Pick<Cluster, 'id'>, query: EventQuery): StoredEvent[] {
    const nodes = query.node;
    const nodeIds = nodes
      ? this.repository
          .actors(cluster.id, 'node')
          .filter((n) => nodes.includes(n.name))
          .map((n) => n.id)
      : [];
    return this.repository.list(cluster.id, { ...query, node: nodes ? [...nodes, ...nodeIds] : undefined });
  }

  /** How many events of the cluster are stored (what deleting it forgets). */
  count(cluster: Pick<Cluster, 'id'>): number {
    return this.repository.count(cluster.id);
  }

  /** Id of the newest stored event (0 when none): the cursor of "what arrived since". */
  newestId(cluster: Pick<Cluster, 'id'>): number {
    return this.repository.maxId(cluster.id);
  }

  /** Distinct names of what events were about (services, nodes), by name: suggestions for the filters. */
  actorNames(cluster: Pick<Cluster, 'id'>, type: 'service' | 'node'): string[] {
    return [...new Set(this.repository.actors(cluster.id, type).map((a) => a.name))];
  }
}
