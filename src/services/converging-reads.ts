/**
 * Fresh reads for pages showing a converging swarm (see domain/convergence.ts): such a page asks again
 * a second later, and its services and tasks must then be read from the swarm, not from the cache, or
 * it would show the half-done state until the cache expires. At most one re-read per cluster per
 * second, whatever the number of viewers.
 */
import type { ClusterRow } from '../db/schema.ts';
import type { SwarmState } from './swarm-state.ts';

const CONVERGING_REREAD_MS = 1000;

export class ConvergingReads {
  private readonly last = new Map<number, number>();

  constructor(
    private readonly state: Pick<SwarmState, 'invalidate'>,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Makes the cluster's cached services and tasks stale, unless that was done less than a second ago. */
  refresh(cluster: Pick<ClusterRow, 'id'>): void {
    const now = this.clock();
    if (now - (this.last.get(cluster.id) ?? -Infinity) < CONVERGING_REREAD_MS) return;
    this.last.set(cluster.id, now);
    this.state.invalidate(cluster, ['services', 'tasks']);
  }
}
