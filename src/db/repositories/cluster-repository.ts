import { and, asc, eq, sql } from 'drizzle-orm';
import type { ClusterMetadata, ClusterStatus } from '../../domain/cluster.ts';
import type { PluginDatabase } from '../database.ts';
import { type ClusterRow, clusters, type NewClusterRow } from '../schema.ts';

export class ClusterRepository {
  private prepared?: ReturnType<ClusterRepository['prepare']>;

  constructor(private readonly db: PluginDatabase) {}

  /**
   * Every request under `/:uuid` looks its cluster up, and every page counts them (the sidebar): prepared once,
   * not built and prepared per request. On first use, since the repository exists before the migrations ran.
   */
  private get queries() {
    this.prepared ??= this.prepare();
    return this.prepared;
  }

  private prepare() {
    return {
      byUuid: this.db
        .select()
        .from(clusters)
        .where(and(eq(clusters.teamId, sql.placeholder('teamId')), eq(clusters.uuid, sql.placeholder('uuid'))))
        .prepare(),
      ofTeam: this.db
        .select({ n: sql<number>`count(*)` })
        .from(clusters)
        .where(eq(clusters.teamId, sql.placeholder('teamId')))
        .prepare(),
    };
  }

  listForTeam(teamId: string): ClusterRow[] {
    return this.db.select().from(clusters).where(eq(clusters.teamId, teamId)).orderBy(asc(clusters.name)).all();
  }

  listAll(): ClusterRow[] {
    return this.db.select().from(clusters).all();
  }

  countForTeam(teamId: string): number {
    return this.queries.ofTeam.get({ teamId })?.n ?? 0;
  }

  /** Team-scoped lookup: another team's cluster is simply not found. */
  findByUuid(teamId: string, uuid: string): ClusterRow | undefined {
    return this.queries.byUuid.get({ teamId, uuid });
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
