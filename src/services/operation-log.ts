/**
 * Who did what through the plugin: each write is stored in the cluster's events (type `plugin`) with the
 * principal's email, next to the swarm's own events.
 */
import type { Principal } from '../contract/host.ts';
import type { ClusterEventRepository } from '../db/repositories/cluster-event-repository.ts';
import type { ClusterRow } from '../db/schema.ts';

export const OPERATION_EVENT_TYPE = 'plugin';

export interface Operation {
  /** e.g. `node.drain`, `service.scale`. */
  action: string;
  actorId: string;
  actorName: string | null;
  attributes?: Record<string, string>;
}

export class OperationLog {
  private sequence = 0;

  constructor(private readonly events: ClusterEventRepository) {}

  record(cluster: Pick<ClusterRow, 'id'>, principal: Pick<Principal, 'email'>, operation: Operation): void {
    const now = Date.now();
    // Nanoseconds like Docker's timeNano; the sequence keeps two writes of the same millisecond apart.
    const timeNano = (BigInt(now) * 1_000_000n + BigInt(this.sequence++ % 1_000_000)).toString();
    this.events.insertMany([
      {
        clusterId: cluster.id,
        eventType: OPERATION_EVENT_TYPE,
        action: operation.action,
        actorId: operation.actorId,
        actorName: operation.actorName,
        attributes: operation.attributes ?? {},
        scope: 'swarm',
        timeNano,
        eventTime: new Date(now).toISOString(),
        principal: principal.email,
      },
    ]);
  }
}
