/**
 * Keeps a cluster's swarm events in `cluster_events`. Every pass resumes from the newest stored
 * event (Docker's timeNano), and the table's unique key drops whatever overlaps, so a late or early
 * pass neither leaves gaps nor duplicates (unlike the seed's sliding `--since=60s` window).
 */
import type { ClusterEventRepository } from '../db/repositories/cluster-event-repository.ts';
import type { ClusterRow, NewClusterEventRow } from '../db/schema.ts';
import type { EngineEvent } from '../docker/index.ts';
import type { ClusterConnections } from './cluster-connections.ts';

/** How far back the first pass of a new cluster looks. */
const FIRST_BACKFILL_SECONDS = 3600;

export class EventCollector {
  constructor(
    private readonly connections: ClusterConnections,
    private readonly events: ClusterEventRepository,
  ) {}

  async backfill(cluster: ClusterRow): Promise<number> {
    const latest = this.events.latestTimeNano(cluster.id);
    const now = Math.floor(Date.now() / 1000);
    const since = latest === null ? now - FIRST_BACKFILL_SECONDS : Number(latest / 1_000_000_000n);
    const events = await this.connections.withManager(cluster, (client) => client.events({ since, until: now }));
    return this.store(cluster, events);
  }

  store(cluster: Pick<ClusterRow, 'id'>, events: EngineEvent[], principal?: string): number {
    return this.events.insertMany(events.map((e) => toEventRow(cluster.id, e, principal)));
  }
}

export function toEventRow(clusterId: number, event: EngineEvent, principal?: string): NewClusterEventRow {
  const timeNano = BigInt(event.timeNano);
  const attributes = event.Actor?.Attributes ?? {};
  return {
    clusterId,
    eventType: event.Type,
    action: event.Action,
    actorId: event.Actor?.ID ?? '',
    actorName: attributes.name ?? null,
    attributes,
    scope: event.scope ?? null,
    timeNano: timeNano.toString(),
    eventTime: new Date(Number(timeNano / 1_000_000n)).toISOString(),
    principal: principal ?? null,
  };
}
