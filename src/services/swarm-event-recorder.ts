/**
 * Keeps a cluster's swarm events in `cluster_events`. Every pass resumes from the newest stored
 * event (Docker's timeNano), and the table's unique key drops whatever overlaps, so a late or early
 * pass neither leaves gaps nor duplicates (unlike the seed's sliding `--since=60s` window).
 */
import type { ClusterEventRepository } from '../db/repositories/cluster-event-repository.ts';
import type { ClusterEventRow, ClusterRow, NewClusterEventRow } from '../db/schema.ts';
import { DockerError, type DockerTransport, type EngineEvent, type SwarmClient } from '../docker/index.ts';
import type { ManagerAccess } from './cluster-connections.ts';

/** How far back the first pass of a new cluster looks. */
const FIRST_BACKFILL_SECONDS = 3600;
/** Deadline of one catch-up range (the engine answers from memory: at most its last 256 events). */
const CATCH_UP_TIMEOUT_MS = 30_000;

export interface CatchUp {
  /** Every event the range returned, stored before or not. */
  events: EngineEvent[];
  /** The rows this pass stored (the others were already there). */
  stored: ClusterEventRow[];
  /** Unix seconds the range ended at: a live stream continues from here. */
  until: number;
}

/** What reading events needs of a manager's client. */
export type EventSource = Pick<SwarmClient, 'streamEvents'> & { transport: Pick<DockerTransport, 'id'> };

export class SwarmEventRecorder {
  constructor(
    private readonly connections: ManagerAccess<EventSource>,
    private readonly events: ClusterEventRepository,
  ) {}

  /** A read: it answers within the read deadline or fails, and the next pass resumes from the newest stored event. */
  async backfill(cluster: ClusterRow): Promise<number> {
    const result = await this.connections.read(cluster, (client) => this.catchUp(cluster, client));
    return result.stored.length;
  }

  /** Reads the events since the newest stored one through `client` (a manager) and stores them. */
  async catchUp(cluster: Pick<ClusterRow, 'id'>, client: EventSource, signal?: AbortSignal): Promise<CatchUp> {
    const since = this.resumePoint(cluster);
    const until = Math.max(since, Math.floor(Date.now() / 1000));
    const deadline = AbortSignal.timeout(CATCH_UP_TIMEOUT_MS);
    const events: EngineEvent[] = [];
    try {
      for await (const event of client.streamEvents({ since, until }, signal ? AbortSignal.any([signal, deadline]) : deadline)) {
        events.push(event);
      }
    } catch (error) {
      if (!deadline.aborted || signal?.aborted) throw error;
    }
    // streamEvents ends quietly on abort: an aborted range is incomplete, not empty.
    signal?.throwIfAborted();
    if (deadline.aborted) throw new DockerError('timeout', `GET /events on ${client.transport.id}: range not answered in time`);
    return { events, stored: this.storeNew(cluster, events), until };
  }

  /** Unix seconds a backfill starts from: the newest stored event, or an hour back for a new cluster. */
  private resumePoint(cluster: Pick<ClusterRow, 'id'>): number {
    const latest = this.events.latestTimeNano(cluster.id);
    return latest === null ? Math.floor(Date.now() / 1000) - FIRST_BACKFILL_SECONDS : Number(latest / 1_000_000_000n);
  }

  /** Stores events and returns the rows that were new. */
  storeNew(cluster: Pick<ClusterRow, 'id'>, events: EngineEvent[]): ClusterEventRow[] {
    return this.events.insertNew(events.map((e) => toEventRow(cluster.id, e)));
  }
}

export function toEventRow(clusterId: number, event: EngineEvent): NewClusterEventRow {
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
    principal: null,
  };
}
