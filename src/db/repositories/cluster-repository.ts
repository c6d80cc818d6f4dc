import { and, asc, eq, sql } from 'drizzle-orm';
import type { ClusterMetadata, ClusterStatus } from '../../domain/cluster.ts';
import type { PluginDatabase } from '../database.ts';
import { type ClusterRow, clusters, type NewClusterRow } from '../schema.ts';

export class ClusterRepository {
  constructor(private readonly db: PluginDatabase) {}

  listForTeam(teamId: string): ClusterRow[] {
    return this.db.select().from(clusters).where(eq(clusters.teamId, teamId)).orderBy(asc(clusters.name)).all();
  }

  listAll(): ClusterRow[] {
    return this.db.select().from(clusters).all();
  }

  countForTeam(teamId: string): number {
    const row = this.db.select({ n: sql<number>`count(*)` }).from(clusters).where(eq(clusters.teamId, teamId)).get();
    return row?.n ?? 0;
  }

  /** Team-scoped lookup: another team's cluster is simply not found. */
  findByUuid(teamId: string, uuid: string): ClusterRow | undefined {
    return this.db
      .select()
      .from(clusters)
      .where(and(eq(clusters.teamId, teamId), eq(clusters.uuid, uuid)))
      .get();
  }

  findById(id: number): ClusterRow | undefined {
    return this.db.select().from(clusters).where(eq(clusters.id, id)).get();
  }

  findBySwarmId(teamId: string, swarmId: string): ClusterRow | undefined {
    return this.db
      .select()
      .from(clusters)
      .where(and(eq(clusters.teamId, teamId), eq(clusters.swarmId, swarmId)))
      .get();
  }

  insert(row: NewClusterRow): ClusterRow {
    return this.db.insert(clusters).values(row).returning().get();
  }

  update(id: number, patch: Partial<Pick<ClusterRow, 'name' | 'description' | 'managerServerId' | 'settings'>>): ClusterRow | undefined {
    return this.db
      .update(clusters)
      .set({ ...patch, updatedAt: now() })
      .where(eq(clusters.id, id))
      .returning()
      .get();
  }

  recordSync(
    id: number,
    sync: {
      status: ClusterStatus;
      statusReason: string | null;
      swarmId?: string | null;
      metadata?: ClusterMetadata;
      joinTokenWorker?: string | null;
      joinTokenManager?: string | null;
    },
  ): ClusterRow | undefined {
    const current = this.findById(id);
    if (!current) return undefined;
    const statusChangedAt = current.status === sync.status ? current.statusChangedAt : now();
    return this.db
      .update(clusters)
      .set({ ...sync, statusChangedAt, updatedAt: now() })
      .where(eq(clusters.id, id))
      .returning()
      .get();
  }

  delete(id: number): void {
    this.db.delete(clusters).where(eq(clusters.id, id)).run();
  }
}

function now(): string {
  return new Date().toISOString();
}
