import { and, asc, eq, isNull, lt } from 'drizzle-orm';
import type { DeliveryPreferences } from '../../domain/notification-kinds.ts';
import type { WatchState } from '../../domain/swarm-transitions.ts';
import type { ClusterNotification } from '../../domain/transition-notification.ts';
import type { PluginDatabase } from '../database.ts';
import { type ClusterNotificationRow, clusterNotifications, clusterWatchStates, notificationPreferences } from '../schema.ts';

export interface QueuedNotification {
  delivery: 'immediate' | 'digest';
  notification: ClusterNotification;
}

/** The transition rules' state per cluster, the notifications outbox, and the teams' delivery preferences. */
export class NotificationRepository {
  constructor(private readonly db: PluginDatabase) {}

  watchState(clusterId: number): WatchState | null {
    return this.db.select().from(clusterWatchStates).where(eq(clusterWatchStates.clusterId, clusterId)).get()?.state ?? null;
  }

  /** Saves the state and queues its notifications in one transaction: neither is kept without the other. */
  record(cluster: { id: number; teamId: string }, state: WatchState | null, queued: readonly QueuedNotification[]): void {
    this.db.transaction((tx) => {
      if (state) {
        const updatedAt = new Date().toISOString();
        tx.insert(clusterWatchStates)
          .values({ clusterId: cluster.id, state, updatedAt })
          .onConflictDoUpdate({ target: clusterWatchStates.clusterId, set: { state, updatedAt } })
          .run();
      }
      for (const q of queued) {
        tx.insert(clusterNotifications)
          .values({ clusterId: cluster.id, teamId: cluster.teamId, event: q.notification.event, delivery: q.delivery, notification: q.notification })
          .run();
      }
    });
  }

  unsent(delivery: 'immediate' | 'digest', clusterId?: number): ClusterNotificationRow[] {
    const where = [isNull(clusterNotifications.sentAt), eq(clusterNotifications.delivery, delivery)];
    if (clusterId !== undefined) where.push(eq(clusterNotifications.clusterId, clusterId));
    return this.db
      .select()
      .from(clusterNotifications)
      .where(and(...where))
      .orderBy(asc(clusterNotifications.id))
      .all();
  }

  markSent(ids: readonly number[]): void {
    const sentAt = new Date().toISOString();
    this.db.transaction((tx) => {
      for (const id of ids) tx.update(clusterNotifications).set({ sentAt }).where(eq(clusterNotifications.id, id)).run();
    });
  }

  /** Removes the notifications sent before `cutoff` (ISO time); unsent ones stay whatever their age. Returns how many. */
  deleteSentBefore(cutoff: string): number {
    return this.db.delete(clusterNotifications).where(lt(clusterNotifications.sentAt, cutoff)).run().changes;
  }

  /** The team's preferences for all its clusters (`clusterId` null) or for one. */
  preferences(teamId: string, clusterId: number | null): DeliveryPreferences | null {
    return this.preferenceRow(teamId, clusterId)?.preferences ?? null;
  }

  savePreferences(teamId: string, clusterId: number | null, preferences: DeliveryPreferences): void {
    const updatedAt = new Date().toISOString();
    this.db.transaction(() => {
      const existing = this.preferenceRow(teamId, clusterId);
      if (existing) {
        this.db.update(notificationPreferences).set({ preferences, updatedAt }).where(eq(notificationPreferences.id, existing.id)).run();
      } else {
        this.db.insert(notificationPreferences).values({ teamId, clusterId, preferences, updatedAt }).run();
      }
    });
  }

  private preferenceRow(teamId: string, clusterId: number | null) {
    const cluster = clusterId === null ? isNull(notificationPreferences.clusterId) : eq(notificationPreferences.clusterId, clusterId);
    return this.db
      .select()
      .from(notificationPreferences)
      .where(and(eq(notificationPreferences.teamId, teamId), cluster))
      .get();
  }
}
