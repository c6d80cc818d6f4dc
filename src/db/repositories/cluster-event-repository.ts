import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { PluginDatabase } from '../database.ts';
import { clusterEvents, type ClusterEventRow, type NewClusterEventRow } from '../schema.ts';

export interface EventQuery {
  type?: string;
  action?: string;
  /** ISO timestamps, inclusive. */
  since?: string;
  until?: string;
  /** Id cursor: only events older than this one (for "load more"). */
  beforeId?: number;
  limit: number;
}

export class ClusterEventRepository {
  constructor(private readonly db: PluginDatabase) {}

  /** Inserts events, skipping those already stored; returns how many were new. */
  insertMany(rows: NewClusterEventRow[]): number {
    if (rows.length === 0) return 0;
    let inserted = 0;
    this.db.transaction((tx) => {
      for (const row of rows) {
        inserted += tx.insert(clusterEvents).values(row).onConflictDoNothing().run().changes;
      }
    });
    return inserted;
  }

  /** Newest first. */
  list(clusterId: number, q: EventQuery): ClusterEventRow[] {
    const where: SQL[] = [eq(clusterEvents.clusterId, clusterId)];
    if (q.type) where.push(eq(clusterEvents.eventType, q.type));
    if (q.action) where.push(eq(clusterEvents.action, q.action));
    if (q.since) where.push(gte(clusterEvents.eventTime, q.since));
    if (q.until) where.push(lte(clusterEvents.eventTime, q.until));
    if (q.beforeId) where.push(lt(clusterEvents.id, q.beforeId));
    return this.db
      .select()
      .from(clusterEvents)
      .where(and(...where))
      .orderBy(desc(clusterEvents.eventTime), desc(clusterEvents.id))
      .limit(q.limit)
      .all();
  }

  /** Docker timeNano of the newest stored event, the point a backfill resumes from. */
  latestTimeNano(clusterId: number): bigint | null {
    const row = this.db
      .select({ t: sql<string | null>`cast(max(cast(${clusterEvents.timeNano} as integer)) as text)` })
      .from(clusterEvents)
      .where(eq(clusterEvents.clusterId, clusterId))
      .get();
    return row?.t == null ? null : BigInt(row.t);
  }

  deleteOlderThan(isoTime: string): number {
    return this.db.delete(clusterEvents).where(lt(clusterEvents.eventTime, isoTime)).run().changes;
  }
}
