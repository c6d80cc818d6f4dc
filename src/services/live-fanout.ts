/**
 * What the open pages of a cluster are told, gathered: one subscription to the cluster's event stream however
 * many pages watch it, and its swarm events sent at most once per window as one message (the newest event, how
 * many it stands for, when the first of them happened). A page only re-reads its regions on a message, so a storm
 * of a thousand events a second costs each page a few messages, not a thousand. Stream status changes go out at
 * once. Every viewer gets the same message object, so whatever is built from it can be built once.
 */
import type { HostLogger } from '../contract/host.ts';
import type { LiveEvent } from '../domain/swarm-event-effects.ts';
import type { LiveMessage, StreamStatus, SwarmEventHub } from './swarm-event-hub.ts';

/** The longest a swarm event waits for the ones that follow it. */
export const FANOUT_WINDOW_MS = 250;

export type ViewerMessage =
  /** `first`: ISO time of the earliest event of the window, `latest` the newest. */
  { kind: 'events'; count: number; first: string; latest: LiveEvent } | { kind: 'status'; status: StreamStatus };

export type ViewerListener = (message: ViewerMessage) => void;

interface ClusterViewers {
  listeners: Set<ViewerListener>;
  unsubscribe: () => void;
  pending: { count: number; first: string; latest: LiveEvent } | null;
  lastSentAt: number;
  timer: NodeJS.Timeout | null;
}

export class LiveFanout {
  private readonly clusters = new Map<number, ClusterViewers>();

  constructor(
    private readonly hub: Pick<SwarmEventHub, 'subscribe'>,
    private readonly logger: HostLogger,
    private readonly windowMs = FANOUT_WINDOW_MS,
  ) {}

  /** Calls `listener` with the cluster's gathered events and status changes until the returned function is called. */
  subscribe(clusterId: number, listener: ViewerListener): () => void {
    let viewers = this.clusters.get(clusterId);
    if (!viewers) {
      const created: ClusterViewers = { listeners: new Set(), unsubscribe: () => {}, pending: null, lastSentAt: 0, timer: null };
      created.unsubscribe = this.hub.subscribe(clusterId, (message) => this.receive(created, message));
      this.clusters.set(clusterId, created);
      viewers = created;
    }
    const own = viewers;
    own.listeners.add(listener);
    return () => {
      own.listeners.delete(listener);
      if (own.listeners.size > 0 || this.clusters.get(clusterId) !== own) return;
      this.clusters.delete(clusterId);
      own.unsubscribe();
      if (own.timer) clearTimeout(own.timer);
    };
  }

  /** Viewers of every cluster, and how many clusters have any (each holding one subscription to the hub). */
  stats(): { viewers: number; clusters: number } {
    let viewers = 0;
    for (const cluster of this.clusters.values()) viewers += cluster.listeners.size;
    return { viewers, clusters: this.clusters.size };
  }

  viewerCount(clusterId: number): number {
    return this.clusters.get(clusterId)?.listeners.size ?? 0;
  }

  private receive(viewers: ClusterViewers, message: LiveMessage): void {
    if (message.kind === 'status') {
      this.send(viewers, { kind: 'status', status: message.status });
      return;
    }
    const pending = viewers.pending;
    if (pending) {
      pending.count++;
      pending.latest = message.event;
    } else {
      viewers.pending = { count: 1, first: message.event.time, latest: message.event };
    }
    // The rest of the batch comes at once: the message goes with its last event.
    if (message.more || viewers.timer) return;
    const wait = viewers.lastSentAt + this.windowMs - Date.now();
    if (wait <= 0) {
      this.flush(viewers);
      return;
    }
    viewers.timer = setTimeout(() => {
      viewers.timer = null;
      this.flush(viewers);
    }, wait);
  }

  private flush(viewers: ClusterViewers): void {
    const pending = viewers.pending;
    if (!pending) return;
    viewers.pending = null;
    viewers.lastSentAt = Date.now();
    this.send(viewers, { kind: 'events', ...pending });
  }

  private send(viewers: ClusterViewers, message: ViewerMessage): void {
    // A listener only queues a frame for its connection; one that throws must not starve the others.
    for (const listener of viewers.listeners) {
      try {
        listener(message);
      } catch (error) {
        this.logger.warn('live viewer listener failed', { error: String(error) });
      }
    }
  }
}
