/**
 * Refreshes a cluster from its swarm: status (health rule), metadata, join tokens (encrypted with the
 * host key), links from known servers to nodes, and the events that arrived since the last stored one
 * (unless the cluster's live stream is open: it stores them as they come).
 */
import type { HostServices } from '../contract/host.ts';
import type { ClusterRepository } from '../db/repositories/cluster-repository.ts';
import type { ClusterServerRepository } from '../db/repositories/cluster-server-repository.ts';
import type { ClusterRow } from '../db/schema.ts';
import { type ClusterHealth, clusterHealth, unreachableHealth } from '../domain/cluster-health.ts';
import { clusterMetadata } from '../domain/cluster-metadata.ts';
import { type ClusterSettings, isSyncDue } from '../domain/cluster-settings.ts';
import type { NodeSummary } from '../domain/swarm-summaries.ts';
import type { ClusterNotifier } from './cluster-notifier.ts';
import { ClusterUnreachableError } from './errors.ts';
import type { SwarmEventHub } from './swarm-event-hub.ts';
import type { SwarmEventRecorder } from './swarm-event-recorder.ts';
import type { SwarmState } from './swarm-state.ts';

export class ClusterSync {
  private readonly running = new Map<number, Promise<ClusterRow>>();
  /** When each cluster's last sync started (an unreachable cluster records no sync time of its own). */
  private readonly startedAt = new Map<number, number>();
  /** Clusters whose syncs found no manager answering, since when (reset by an answer). */
  private readonly unansweredSince = new Map<number, number>();

  constructor(
    private readonly host: HostServices,
    private readonly clusters: ClusterRepository,
    private readonly clusterServers: ClusterServerRepository,
    private readonly state: SwarmState,
    private readonly recorder: SwarmEventRecorder,
    private readonly live: Pick<SwarmEventHub, 'status'>,
    private readonly notifier: Pick<ClusterNotifier, 'observe' | 'statusChanged' | 'deliver'>,
    private readonly settingsOf: (cluster: ClusterRow) => ClusterSettings,
    /** No manager answering for less than this is not an outage yet: a leader election takes ~20 s. */
    private readonly unreachableAfterMs: number,
    /** Plugin rows about swarm objects, brought in step with the swarm on each sync. */
    private readonly reconcilers: { reconcile(cluster: ClusterRow): Promise<void> }[] = [],
  ) {}

  /** Syncs one cluster; a sync already running for it is joined, not repeated. */
  sync(cluster: ClusterRow): Promise<ClusterRow> {
    let run = this.running.get(cluster.id);
    if (!run) {
      run = this.run(cluster).finally(() => this.running.delete(cluster.id));
      this.running.set(cluster.id, run);
    }
    return run;
  }

  /** Syncs every cluster whose interval has passed, one after the other, logging (not throwing) per-cluster failures. */
  async syncDue(now = Date.now()): Promise<void> {
    for (const cluster of this.clusters.listAll()) {
      if (!isSyncDue(this.startedAt.get(cluster.id) ?? null, this.settingsOf(cluster).syncIntervalSeconds, now)) continue;
      try {
        await this.sync(cluster);
      } catch (error) {
        this.host.logger.error('cluster sync failed', { cluster: cluster.uuid, error: (error as Error).message });
      }
    }
  }

  private async run(requested: ClusterRow): Promise<ClusterRow> {
    // The caller's row may be older than the last sync: transitions are judged from the stored status.
    const cluster = this.clusters.findById(requested.id) ?? requested;
    this.state.invalidate(cluster);
    const syncedAt = new Date();
    this.startedAt.set(cluster.id, syncedAt.getTime());
    let health: ClusterHealth;
    let updated: ClusterRow | undefined;
    // An open live stream stores events as they come; without one (hub not started, or reconnecting) the sync
    // does, alongside its reads so that it costs no extra wait.
    const backfilled = this.live.status(cluster.id)?.state === 'streaming' ? Promise.resolve() : this.backfill(cluster);
    try {
      const [info, swarm, nodes, services] = await Promise.all([
        this.state.info(cluster),
        this.state.swarm(cluster),
        this.state.nodes(cluster, { alone: true }),
        this.state.services(cluster),
      ]);
      const stale = [info, swarm, nodes, services].find((f) => f.stale);
      if (stale) throw new ClusterUnreachableError([stale.reason ?? 'no manager answered']);
      health = clusterHealth({ nodes: nodes.data, services: services.data });
      const swarmId = info.data.Swarm?.Cluster?.ID ?? cluster.swarmId;
      updated = this.clusters.recordSync(cluster.id, {
        status: health.status,
        statusReason: health.reasons.join('; ') || null,
        swarmId,
        metadata: clusterMetadata({
          swarmId: swarmId ?? null,
          swarmCreatedAt: swarm.data.CreatedAt ?? null,
          dockerVersion: info.data.ServerVersion ?? null,
          nodes: nodes.data,
          services: services.data,
          syncedAt,
        }),
        joinTokenWorker: await this.host.crypto.encrypt({ plaintext: swarm.data.JoinTokens.Worker }),
        joinTokenManager: await this.host.crypto.encrypt({ plaintext: swarm.data.JoinTokens.Manager }),
      });
      this.unansweredSince.delete(cluster.id);
      this.notifier.observe(cluster, { at: syncedAt.getTime(), nodes: nodes.data, services: services.data });
      if (this.settingsOf(cluster).autoLinkNodes) await this.linkKnownServers(cluster, nodes.data);
      for (const reconciler of this.reconcilers) await reconciler.reconcile(cluster);
    } catch (error) {
      if (!(error instanceof ClusterUnreachableError)) throw error;
      const since = this.unansweredSince.get(cluster.id) ?? syncedAt.getTime();
      this.unansweredSince.set(cluster.id, since);
      const unansweredMs = syncedAt.getTime() - since;
      if (unansweredMs >= this.unreachableAfterMs) {
        health = unreachableHealth(error.message);
        updated = this.clusters.recordSync(cluster.id, { status: health.status, statusReason: error.message });
      } else {
        // The status stands until the silence has lasted long enough to call it an outage; the reason says so.
        const reason = `no manager answered for ${Math.round(unansweredMs / 1000)} s (unreachable after ${Math.round(this.unreachableAfterMs / 1000)} s): ${error.message}`;
        health = { status: cluster.status, reasons: [reason] };
        updated = this.clusters.recordSync(cluster.id, { status: cluster.status, statusReason: reason });
      }
    }
    await backfilled;
    this.notifier.statusChanged(cluster, health.status, health.reasons);
    await this.notifier.deliver();
    return updated ?? cluster;
  }

  /**
   * Stores the events since the newest stored one. Never rejects: a pass that fails (no manager answered in
   * time) leaves them to the next one, which resumes from the newest stored event.
   */
  private async backfill(cluster: ClusterRow): Promise<void> {
    try {
      await this.recorder.backfill(cluster);
    } catch (error) {
      this.host.logger.warn('event backfill skipped', { cluster: cluster.uuid, reason: (error as Error).message });
    }
  }

  /** Links the team's known servers to the nodes that have their address. */
  private async linkKnownServers(cluster: ClusterRow, nodes: NodeSummary[]): Promise<void> {
    const servers = await this.host.servers.listForTeam({ teamId: cluster.teamId });
    for (const node of nodes) {
      const server = servers.find((s) => s.ip === node.ip);
      if (!server) continue;
      const existing = this.clusterServers.findByServer(server.id);
      if (existing && existing.clusterId !== cluster.id) continue;
      this.clusterServers.link({
        clusterId: cluster.id,
        serverId: server.id,
        nodeId: node.id,
        isManager: node.role === 'manager' && server.swarmManager,
      });
    }
  }
}
