/**
 * Notifications of swarm transitions. The live event stream asks for a look after a node or service
 * changes (a second later, so a burst is one look), and a node's change of state it reports is judged at once
 * (a link flapping faster than a look would otherwise go unseen); every sync looks too and confirms. A look runs the
 * transition rules (domain/swarm-transitions.ts) on fresh node and service lists and keeps their state and the
 * notifications it decided in one transaction; sending happens after, from that outbox, so a restart of the
 * panel neither repeats nor loses one. Each notification goes out at once, into the cluster's digest (sent
 * when its oldest entry is an hour old), or nowhere, as the team chose for the cluster.
 */
import type { HostLogger, HostNotification, HostServices } from '../contract/host.ts';
import type { ClusterRepository } from '../db/repositories/cluster-repository.ts';
import type { NotificationRepository, QueuedNotification } from '../db/repositories/notification-repository.ts';
import type { ClusterNotificationRow, ClusterRow } from '../db/schema.ts';
import type { ClusterStatus } from '../domain/cluster.ts';
import type { ClusterSettings } from '../domain/cluster-settings.ts';
import { deliveryMode, isNotificationKind } from '../domain/notification-kinds.ts';
import { statusTransitionNotification } from '../domain/status-transition.ts';
import { DEFAULT_FLAP_LIMIT, type NodeStateEvent, observeNodeEvent, observeSwarm, type SwarmSnapshot, type WatchRules } from '../domain/swarm-transitions.ts';
import { type ClusterNotification, digestNotification, transitionNotification } from '../domain/transition-notification.ts';
import type { SwarmState } from './swarm-state.ts';

/** A digested notification waits at most this long for others to join it. */
export const DIGEST_AFTER_MS = 3_600_000;
/** A burst of events (a node's state and availability, a service's tasks) becomes one look. */
export const LOOK_DELAY_MS = 1000;
/**
 * While events keep coming (one within LOOK_DELAY_MS of the last look's start), a look at most this often: each reads
 * the nodes and services, and a storm naming every service made that a whole 1.7 MB list a second (at 1,000
 * services), for a judgement a few seconds later is as good as. A node's reported change of state is judged at once.
 */
export const BUSY_LOOK_EVERY_MS = 5000;

export interface ClusterNotifierDeps {
  notifications: HostServices['notifications'];
  logger: HostLogger;
  repository: NotificationRepository;
  clusters: Pick<ClusterRepository, 'findById' | 'listAll'>;
  state: Pick<SwarmState, 'nodeFacts' | 'services'>;
  /** The settings that apply to a cluster (its own over the plugin's). */
  settingsOf: (cluster: ClusterRow) => ClusterSettings;
  /** Where the host mounts the pages, for the notification's link. */
  webMount: string;
  /** A node changing state more than the limit within this window is flapping. */
  flapWindowMs: number;
}

export class ClusterNotifier {
  private readonly pendingLooks = new Map<number, NodeJS.Timeout>();
  /** When each cluster's last look started. */
  private readonly lastLookAt = new Map<number, number>();
  private delivering: Promise<void> | null = null;
  private deliverAgain = false;
  private stopped = false;

  constructor(
    private readonly deps: ClusterNotifierDeps,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs the transition rules on a snapshot of the cluster and queues what they decided. */
  observe(cluster: ClusterRow, snapshot: SwarmSnapshot): void {
    const { state, transitions } = observeSwarm(this.deps.repository.watchState(cluster.id), snapshot, this.rules(cluster));
    const queued = transitions.map((t) => this.queue(cluster, transitionNotification(t, cluster))).filter((q) => q !== null);
    this.deps.repository.record(cluster, state, queued);
  }

  /** The event stream reported a node's new state (Docker's `state.new`): judged now, sent after. */
  nodeStateChanged(clusterRef: Pick<ClusterRow, 'id'>, change: Omit<NodeStateEvent, 'at'>): void {
    // The stream's row may predate a rename.
    const cluster = this.deps.clusters.findById(clusterRef.id);
    if (!cluster || this.stopped) return;
    const observed = observeNodeEvent(this.deps.repository.watchState(cluster.id), { ...change, at: this.now() }, this.rules(cluster));
    if (!observed) return;
    const queued = observed.transitions.map((t) => this.queue(cluster, transitionNotification(t, cluster))).filter((q) => q !== null);
    this.deps.repository.record(cluster, observed.state, queued);
    if (queued.length)
      this.deliver().catch((error: unknown) => this.deps.logger.warn('sending notifications failed', { clusterId: cluster.id, error: String(error) }));
  }

  /** Queues the cluster's own change of status (degraded, unreachable, recovered), judged by the sync. */
  statusChanged(cluster: ClusterRow, to: ClusterStatus, reasons: string[]): void {
    const status = statusTransitionNotification({ clusterName: cluster.name, clusterUuid: cluster.uuid, from: cluster.status, to, reasons });
    if (!status) return;
    const queued = this.queue(cluster, { ...status, section: '', data: { ...status.data, clusterName: cluster.name } });
    if (queued) this.deps.repository.record(cluster, null, [queued]);
  }

  /** Queues a notification of the plugin's own work (a rotation's end), as the team chose, and sends it. */
  announce(cluster: ClusterRow, notification: ClusterNotification): void {
    if (this.stopped) return;
    const queued = this.queue(cluster, notification);
    if (!queued) return;
    this.deps.repository.record(cluster, null, [queued]);
    this.deliver().catch((error: unknown) => this.deps.logger.warn('sending notifications failed', { clusterId: cluster.id, error: String(error) }));
  }

  /** Something changed in the swarm (a node or service event): look again shortly. */
  swarmChanged(cluster: Pick<ClusterRow, 'id'>): void {
    if (this.stopped || this.pendingLooks.has(cluster.id)) return;
    const sinceLook = this.now() - (this.lastLookAt.get(cluster.id) ?? Number.NEGATIVE_INFINITY);
    const delay = sinceLook < LOOK_DELAY_MS ? BUSY_LOOK_EVERY_MS - sinceLook : LOOK_DELAY_MS;
    const timer = setTimeout(() => {
      this.pendingLooks.delete(cluster.id);
      this.lastLookAt.set(cluster.id, this.now());
      this.look(cluster.id)
        .then(() => this.deliver())
        .catch((error: unknown) => this.deps.logger.warn('swarm transition check failed', { clusterId: cluster.id, error: String(error) }));
    }, delay);
    timer.unref();
    this.pendingLooks.set(cluster.id, timer);
  }

  /** Sends what is queued: immediate notifications in order, and every digest whose oldest entry is due. */
  deliver(): Promise<void> {
    if (this.delivering) {
      this.deliverAgain = true;
      return this.delivering;
    }
    this.delivering = (async () => {
      do {
        this.deliverAgain = false;
        await this.sendImmediate();
        await this.sendDueDigests();
      } while (this.deliverAgain);
    })().finally(() => {
      this.delivering = null;
    });
    return this.delivering;
  }

  /** Forgets the notifications sent more than `retentionMs` ago: the outbox is for what is not sent yet. */
  forgetSent(retentionMs: number): number {
    return this.deps.repository.deleteSentBefore(new Date(this.now() - retentionMs).toISOString());
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.pendingLooks.values()) clearTimeout(timer);
    this.pendingLooks.clear();
  }

  private rules(cluster: ClusterRow): WatchRules {
    return { shortGraceMs: this.deps.settingsOf(cluster).shortServiceGraceSeconds * 1000, flapWindowMs: this.deps.flapWindowMs, flapLimit: DEFAULT_FLAP_LIMIT };
  }

  private async look(clusterId: number): Promise<void> {
    const cluster = this.deps.clusters.findById(clusterId);
    if (!cluster || this.stopped) return;
    // Both lists as of now: the kept ones, brought up to date with what the events since named (read again by ID, not
    // whole, so a storm of events costs a few small reads a second). Dated when asked for, not when answered: a
    // node's change reported while they were read is newer than they are.
    const at = this.now();
    const [nodes, services] = await Promise.all([this.deps.state.nodeFacts(cluster), this.deps.state.services(cluster)]);
    // Last known lists say nothing new; the sync judges an unreachable cluster.
    if (nodes.stale || services.stale) return;
    this.observe(cluster, { at, nodes: nodes.data, services: services.data });
  }

  private queue(cluster: ClusterRow, notification: ClusterNotification): QueuedNotification | null {
    if (!isNotificationKind(notification.event)) return { delivery: 'immediate', notification };
    const team = this.deps.repository.preferences(cluster.teamId, null);
    const own = this.deps.repository.preferences(cluster.teamId, cluster.id);
    const mode = deliveryMode(notification.event, team, own);
    return mode === 'off' ? null : { delivery: mode, notification };
  }

  private async sendImmediate(): Promise<void> {
    for (const row of this.deps.repository.unsent('immediate')) {
      const cluster = this.deps.clusters.findById(row.clusterId);
      if (cluster) await this.send(row.teamId, cluster, row.notification);
      this.deps.repository.markSent([row.id]);
    }
  }

  private async sendDueDigests(): Promise<void> {
    const byCluster = new Map<number, ClusterNotificationRow[]>();
    for (const row of this.deps.repository.unsent('digest')) byCluster.set(row.clusterId, [...(byCluster.get(row.clusterId) ?? []), row]);
    for (const [clusterId, rows] of byCluster) {
      if (this.now() - Date.parse(rows[0]!.createdAt) < DIGEST_AFTER_MS) continue;
      const cluster = this.deps.clusters.findById(clusterId);
      if (cluster)
        await this.send(
          cluster.teamId,
          cluster,
          digestNotification(
            cluster,
            rows.map((r) => r.notification),
          ),
        );
      this.deps.repository.markSent(rows.map((r) => r.id));
    }
  }

  private async send(teamId: string, cluster: ClusterRow, n: ClusterNotification): Promise<void> {
    const notification: HostNotification = {
      event: n.event,
      level: n.level,
      title: n.title,
      message: n.message,
      link: `${this.deps.webMount}/${cluster.uuid}${n.section}`,
      data: n.data,
    };
    await this.deps.notifications.notify({ teamId, notification });
  }
}
