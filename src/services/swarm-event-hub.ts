/**
 * One Docker `/events` stream per cluster, shared by every open page. Each event is stored, tells the
 * kept lists what to read again (SwarmState.noteEvents) and is handed to the cluster's subscribers (the SSE endpoint). A stream
 * that breaks is reopened with backoff, through another manager if its own is gone, and every
 * (re)connect first catches up from the newest stored event so a gap leaves no hole in `cluster_events`.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HostLogger, HostServer } from '../contract/host.ts';
import type { ClusterRepository } from '../db/repositories/cluster-repository.ts';
import type { ClusterRow } from '../db/schema.ts';
import { type BackoffOptions, backoffDelay } from '../docker/backoff.ts';
import type { EngineEvent } from '../docker/index.ts';
import { type LiveEvent, toLiveEvent } from '../domain/swarm-event-effects.ts';
import type { ManagerAccess } from './cluster-connections.ts';
import type { ClusterNotifier } from './cluster-notifier.ts';
import { type EventSource, type SwarmEventRecorder, toEventRow } from './swarm-event-recorder.ts';
import type { SwarmState } from './swarm-state.ts';

/** Whether a cluster's stream is open, or since when and why it is not (pages then poll). */
export type StreamStatus = { state: 'streaming'; since: string; manager: string } | { state: 'reconnecting'; since: string; reason: string };

/**
 * `more`: other events of the same batch follow at once. A batch's events are noted by the kept lists together, so a
 * page re-reading after the first of them sees them all: told of them one by one, it would ask again for nothing.
 */
export type LiveMessage = { kind: 'event'; event: LiveEvent; more?: boolean } | { kind: 'status'; status: StreamStatus };
export type LiveListener = (message: LiveMessage) => void;

export interface SwarmEventHubDeps {
  connections: ManagerAccess<EventSource>;
  recorder: Pick<SwarmEventRecorder, 'catchUp' | 'storeNew'>;
  state: Pick<SwarmState, 'invalidate' | 'noteEvents'>;
  clusters: Pick<ClusterRepository, 'findById' | 'listAll'>;
  logger: HostLogger;
  /** Told when a node or service changed, to look for transitions worth a notification. */
  notifier?: Pick<ClusterNotifier, 'swarmChanged' | 'nodeStateChanged'>;
}

/** The longest a live event waits to be stored with the ones that follow it. */
const STORE_BATCH_MS = 50;

/** Slower than the SSH transport's own backoff: that one already fails fast inside its window. */
const STREAM_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 30_000, factor: 2, jitter: 0.2 };

interface ClusterStream {
  clusterId: number;
  abort: AbortController;
  status: StreamStatus;
  /** Consecutive attempts that did not get the stream open. */
  failures: number;
  done: Promise<void>;
}

export class SwarmEventHub {
  private readonly streams = new Map<number, ClusterStream>();
  private readonly listeners = new Map<number, Set<LiveListener>>();
  /** Events told per cluster, and this hub's own mark: a count of another process's hub is no count of this one's. */
  private readonly toldCount = new Map<number, number>();
  private readonly epoch = randomUUID().slice(0, 8);
  private running = false;

  constructor(
    private readonly deps: SwarmEventHubDeps,
    private readonly backoff: BackoffOptions = STREAM_BACKOFF,
  ) {}

  /** Opens the stream of every cluster; clusters added later are opened by `watch`. */
  start(): void {
    this.running = true;
    for (const cluster of this.deps.clusters.listAll()) this.watch(cluster);
  }

  /** Opens the cluster's stream unless it is open already (or the hub is not started). */
  watch(cluster: Pick<ClusterRow, 'id'>): void {
    if (!this.running || this.streams.has(cluster.id)) return;
    const stream: ClusterStream = {
      clusterId: cluster.id,
      abort: new AbortController(),
      status: { state: 'reconnecting', since: new Date().toISOString(), reason: 'stream starting' },
      failures: 0,
      done: Promise.resolve(),
    };
    this.streams.set(cluster.id, stream);
    stream.done = this.run(stream)
      .catch((error: unknown) => this.deps.logger.error('cluster event stream failed', { clusterId: cluster.id, error: String(error) }))
      .finally(() => {
        if (this.streams.get(cluster.id) === stream) this.streams.delete(cluster.id);
      });
  }

  /** Closes the cluster's stream (cluster deleted). */
  async unwatch(clusterId: number): Promise<void> {
    const stream = this.streams.get(clusterId);
    if (!stream) return;
    this.streams.delete(clusterId);
    stream.abort.abort();
    await stream.done;
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all([...this.streams.keys()].map((id) => this.unwatch(id)));
  }

  /** The cluster's stream status, or null when no stream is kept for it. */
  status(clusterId: number): StreamStatus | null {
    return this.streams.get(clusterId)?.status ?? null;
  }

  /**
   * A mark of the cluster's events told so far. A page rendered at one mark whose live stream opens at another missed
   * what came between (no event reaches a page before its stream): the stream then tells it so.
   */
  told(clusterId: number): string {
    return `${this.epoch}-${this.toldCount.get(clusterId) ?? 0}`;
  }

  /** Calls `listener` with the cluster's events and status changes until the returned function is called. */
  subscribe(clusterId: number, listener: LiveListener): () => void {
    let set = this.listeners.get(clusterId);
    if (!set) this.listeners.set(clusterId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(clusterId) === set) this.listeners.delete(clusterId);
    };
  }

  subscriberCount(clusterId: number): number {
    return this.listeners.get(clusterId)?.size ?? 0;
  }

  /** Subscribers of every cluster. */
  subscriberTotal(): number {
    let total = 0;
    for (const set of this.listeners.values()) total += set.size;
    return total;
  }

  private async run(stream: ClusterStream): Promise<void> {
    const { signal } = stream.abort;
    while (!signal.aborted) {
      const cluster = this.deps.clusters.findById(stream.clusterId);
      if (!cluster) return;
      let reason: string;
      try {
        await this.deps.connections.withManager(cluster, (client, server) => this.follow(stream, cluster, client, server));
        reason = 'the engine ended the event stream';
      } catch (error) {
        reason = (error as Error).message;
      }
      if (signal.aborted) return;
      stream.failures++;
      this.markDown(stream, cluster, reason);
      await sleep(backoffDelay(stream.failures, this.backoff), undefined, { signal }).catch(() => undefined);
    }
  }

  /** Catches up from the newest stored event through this manager, then follows its live stream. */
  private async follow(stream: ClusterStream, cluster: ClusterRow, client: EventSource, server: HostServer): Promise<void> {
    const { signal } = stream.abort;
    const caughtUp = await this.deps.recorder.catchUp(cluster, client, signal);
    stream.failures = 0;
    // Whatever changed while no stream was open went unnoticed by the caches.
    this.deps.state.invalidate(cluster);
    this.setStatus(stream, { state: 'streaming', since: new Date().toISOString(), manager: server.name });
    this.deps.logger.info('cluster event stream live', { cluster: cluster.uuid, manager: server.name, caughtUp: caughtUp.stored.length });
    this.publishEvents(stream.clusterId, caughtUp.stored.map(toLiveEvent));
    // What changed while no stream was open may be news too.
    if (caughtUp.stored.length) this.deps.notifier?.swarmChanged(cluster);

    // The live stream starts at the catch-up's last second, so it replays that second's events once more.
    const replayed = new Set(caughtUp.events.filter((e) => e.time >= caughtUp.until).map(eventKey));
    // Events are stored in batches: a transaction per event (a sync of the database file each) holds a storm of a
    // thousand events a second back; a batch waits at most STORE_BATCH_MS.
    const batch: EngineEvent[] = [];
    let timer: NodeJS.Timeout | null = null;
    // A batch that could not be stored ends the stream at the next event, as a failure inside the loop would: the
    // reconnect catches up from the newest stored event.
    let failure: unknown = null;
    const flush = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      if (batch.length > 0) this.handle(cluster, batch.splice(0), replayed);
    };
    try {
      for await (const event of client.streamEvents({ since: caughtUp.until }, signal)) {
        if (failure) throw failure;
        batch.push(event);
        timer ??= setTimeout(() => {
          try {
            flush();
          } catch (error) {
            failure = error;
          }
        }, STORE_BATCH_MS);
      }
    } catch (error) {
      // Said at once: the next manager may take a while to answer.
      if (!signal.aborted) this.markDown(stream, cluster, (error as Error).message);
      throw error;
    } finally {
      flush();
    }
  }

  /** Stores a batch of live events, tells the kept lists what they name and tells the subscribers of each. */
  private handle(cluster: ClusterRow, events: EngineEvent[], replayed: Set<string>): void {
    this.deps.recorder.storeNew(cluster, events);
    this.deps.state.noteEvents(cluster, events);
    if (events.some((e) => e.Type === 'node' || e.Type === 'service')) this.deps.notifier?.swarmChanged(cluster);
    const live: LiveEvent[] = [];
    for (const event of events) {
      if (replayed.delete(eventKey(event))) continue;
      const nodeState = event.Type === 'node' ? event.Actor.Attributes['state.new'] : undefined;
      if (nodeState) this.deps.notifier?.nodeStateChanged(cluster, { nodeId: event.Actor.ID, status: nodeState });
      live.push(toLiveEvent(toEventRow(cluster.id, event)));
    }
    this.publishEvents(cluster.id, live);
  }

  /** Events noted together, each told with `more` but the last. */
  private publishEvents(clusterId: number, events: readonly LiveEvent[]): void {
    if (events.length) this.toldCount.set(clusterId, (this.toldCount.get(clusterId) ?? 0) + events.length);
    events.forEach((event, i) => {
      this.publish(clusterId, i < events.length - 1 ? { kind: 'event', event, more: true } : { kind: 'event', event });
    });
  }

  /** The stream is not open: since when (kept across retries) and why (the latest failure). */
  private markDown(stream: ClusterStream, cluster: ClusterRow, reason: string): void {
    const since = stream.status.state === 'reconnecting' ? stream.status.since : new Date().toISOString();
    if (stream.status.state === 'streaming') this.deps.logger.warn('cluster event stream down', { cluster: cluster.uuid, reason });
    this.setStatus(stream, { state: 'reconnecting', since, reason });
  }

  private setStatus(stream: ClusterStream, status: StreamStatus): void {
    const previous = stream.status;
    stream.status = status;
    const same =
      previous.state === status.state &&
      (status.state === 'streaming' ? previous.since === status.since : previous.state === 'reconnecting' && previous.reason === status.reason);
    if (!same && this.streams.get(stream.clusterId) === stream) this.publish(stream.clusterId, { kind: 'status', status });
  }

  private publish(clusterId: number, message: LiveMessage): void {
    for (const listener of this.listeners.get(clusterId) ?? []) {
      try {
        listener(message);
      } catch (error) {
        this.deps.logger.warn('live event listener failed', { clusterId, error: String(error) });
      }
    }
  }
}

function eventKey(event: EngineEvent): string {
  return `${event.timeNano}|${event.Type}|${event.Action}|${event.Actor?.ID ?? ''}`;
}
