import { eq, sql } from 'drizzle-orm';
import type { PluginDatabase } from '../database.ts';
import { type ClusterServerRow, clusterServers } from '../schema.ts';

export class ClusterServerRepository {
  private prepared?: ReturnType<ClusterServerRepository['prepare']>;

  constructor(private readonly db: PluginDatabase) {}

  /**
   * Every read from a cluster's swarm lists its servers (which managers to ask): prepared once, not built and
   * prepared per request. On first use, since the repository exists before the migrations ran.
   */
  private get queries() {
    this.prepared ??= this.prepare();
    return this.prepared;
  }

  private prepare() {
    return {
      ofCluster: this.db
        .select()
        .from(clusterServers)
        .where(eq(clusterServers.clusterId, sql.placeholder('clusterId')))
        .prepare(),
    };
  }

  listForCluster(clusterId: number): ClusterServerRow[] {
    return this.queries.ofCluster.all({ clusterId });
  }

  findByServer(serverId: string): ClusterServerRow | undefined {
    return this.db.select().from(clusterServers).where(eq(clusterServers.serverId, serverId)).get();
  }

  /** Links a server to a cluster; a server belongs to one cluster at most, so a newer link moves it. */
  link(link: { clusterId: number; serverId: string; nodeId?: string | null; isManager: boolean }): ClusterServerRow {
    return this.db
      .insert(clusterServers)
      .values({ ...link, nodeId: link.nodeId ?? null })
      .onConflictDoUpdate({
        target: clusterServers.serverId,
        set: { clusterId: link.clusterId, nodeId: link.nodeId ?? null, isManager: link.isManager, updatedAt: new Date().toISOString() },
      })
      .returning()
      .get();
  }
}
