import { and, desc, eq, gt, gte, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { EventQuery } from '../../domain/stored-event.ts';
import type { PluginDatabase } from '../database.ts';
import { type ClusterEventRow, clusterEvents, type NewClusterEventRow } from '../schema.ts';

const SERVICE_ID = sql`json_extract(${clusterEvents.attributes}, '$."com.docker.swarm.service.id"')`;
const SERVICE_NAME = sql`json_extract(${clusterEvents.attributes}, '$."com.docker.swarm.service.name"')`;
const NODE_ID = sql`json_extract(${clusterEvents.attributes}, '$."com.docker.swarm.node.id"')`;

export class ClusterEventRepository {
  private prepared: ReturnType<ClusterEventRepository['prepareInsert']> | undefined;

  constructor(private readonly db: PluginDatabase) {}

  /** Inserts events, skipping those already stored; returns how many were new. */
  insertMany(rows: NewClusterEventRow[]): number {
    return this.insertNew(rows).length;
  }

  /** Inserts events, skipping those already stored; returns the rows that were new. */
  insertNew(rows: NewClusterEventRow[]): ClusterEventRow[] {
    if (rows.length === 0) return [];
    const insert = (this.prepared ??= this.prepareInsert());
    const inserted: ClusterEventRow[] = [];
    this.db.transaction(() => {
      for (const row of rows) {
        const stored = insert.get({
          ...row,
          actorId: row.actorId ?? '',
          actorName: row.actorName ?? null,
          attributes: row.attributes ?? null,
          scope: row.scope ?? null,
          principal: row.principal ?? null,
        });
        if (stored) inserted.push(stored);
      }
    });
    return inserted;
  }

  /**
   * The insert of one event, built and prepared once: a storm stores a thousand events a second, and building the
   * query and preparing the statement again for each cost more than the insert itself.
   */
  private prepareInsert() {
    return this.db
      .insert(clusterEvents)
      .values({
        clusterId: sql.placeholder('clusterId'),
        eventType: sql.placeholder('eventType'),
        action: sql.placeholder('action'),
        actorId: sql.placeholder('actorId'),
        actorName: sql.placeholder('actorName'),
        attributes: sql.placeholder('attributes'),
        scope: sql.placeholder('scope'),
        timeNano: sql.placeholder('timeNano'),
        eventTime: sql.placeholder('eventTime'),
        principal: sql.placeholder('principal'),
      })
      .onConflictDoNothing()
      .returning()
      .prepare();
  }

  /** Newest first (by event time, then by id), so `beforeId` pages through the same order. */
  list(clusterId: number, q: EventQuery): ClusterEventRow[] {
    const where: SQL[] = [eq(clusterEvents.clusterId, clusterId)];
    if (q.type) where.push(eq(clusterEvents.eventType, q.type));
    if (q.action) where.push(eq(clusterEvents.action, q.action));
    if (q.service?.length) where.push(this.about('service', q.service, [SERVICE_ID, SERVICE_NAME]));
    if (q.node?.length) where.push(this.about('node', q.node, [NODE_ID]));
    if (q.since) where.push(gte(clusterEvents.eventTime, q.since));
    if (q.until) where.push(lte(clusterEvents.eventTime, q.until));
    if (q.afterId) where.push(gt(clusterEvents.id, q.afterId));
    if (q.beforeId) {
      // Keyset on (time, id): a late backfill can give an older event a higher id.
      const cursor = this.db
        .select({ time: clusterEvents.eventTime, id: clusterEvents.id })
        .from(clusterEvents)
        .where(and(eq(clusterEvents.clusterId, clusterId), eq(clusterEvents.id, q.beforeId)))
        .get();
      where.push(
        cursor
          ? or(lt(clusterEvents.eventTime, cursor.time), and(eq(clusterEvents.eventTime, cursor.time), lt(clusterEvents.id, cursor.id)))!
          : lt(clusterEvents.id, q.beforeId),
      );
    }
    return this.db
      .select()
      .from(clusterEvents)
      .where(and(...where))
      .orderBy(desc(clusterEvents.eventTime), desc(clusterEvents.id))
      .limit(q.limit)
      .all();
  }

  /**
   * Docker timeNano of the newest event Docker reported, the point a backfill resumes from. Operations
   * the plugin recorded itself (they carry a principal, and the plugin's clock) are not Docker's word.
   */
  latestTimeNano(clusterId: number): bigint | null {
    const row = this.db
      .select({ t: sql<string | null>`cast(max(cast(${clusterEvents.timeNano} as integer)) as text)` })
      .from(clusterEvents)
      .where(and(eq(clusterEvents.clusterId, clusterId), isNull(clusterEvents.principal)))
      .get();
    return row?.t == null ? null : BigInt(row.t);
  }

  /** Id of the newest stored row of the cluster (0 when none): the cursor of "what arrived since". */
  count(clusterId: number): number {
    const row = this.db.select({ n: sql<number>`count(*)` }).from(clusterEvents).where(eq(clusterEvents.clusterId, clusterId)).get();
    return row?.n ?? 0;
  }

  maxId(clusterId: number): number {
    const row = this.db
      .select({ id: sql<number | null>`max(${clusterEvents.id})` })
      .from(clusterEvents)
      .where(eq(clusterEvents.clusterId, clusterId))
      .get();
    return row?.id ?? 0;
  }

  /** Distinct named actors of one event type (e.g. the services and nodes events were about), by name. */
  actors(clusterId: number, type: string): { id: string; name: string }[] {
    return this.db
      .selectDistinct({ id: clusterEvents.actorId, name: sql<string>`${clusterEvents.actorName}` })
      .from(clusterEvents)
      .where(and(eq(clusterEvents.clusterId, clusterId), eq(clusterEvents.eventType, type), sql`coalesce(${clusterEvents.actorName}, '') <> ''`))
      .orderBy(clusterEvents.actorName)
      .all();
  }

  deleteOlderThan(clusterId: number, isoTime: string): number {
    return this.db
      .delete(clusterEvents)
      .where(and(eq(clusterEvents.clusterId, clusterId), lt(clusterEvents.eventTime, isoTime)))
      .run().changes;
  }

  /** Events whose actor is one of `refs` (by id or name), or that carry one of them in a swarm label. */
  private about(type: string, refs: string[], labels: SQL[]): SQL {
    const values = sql.join(
      refs.map((r) => sql`${r}`),
      sql`, `,
    );
    return or(
      and(eq(clusterEvents.eventType, type), or(sql`${clusterEvents.actorId} in (${values})`, sql`${clusterEvents.actorName} in (${values})`)),
      ...labels.map((label) => sql`${label} in (${values})`),
    )!;
  }
}
