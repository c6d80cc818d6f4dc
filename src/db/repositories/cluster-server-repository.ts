import { eq } from 'drizzle-orm';
import type { PluginDatabase } from '../database.ts';
import { type ClusterServerRow, clusterServers } from '../schema.ts';

export class ClusterServerRepository {
  constructor(private readonly db: PluginDatabase) {}

  listForCluster(clusterId: number): ClusterServerRow[] {
    return this.db.select().from(clusterServers).where(eq(clusterServers.clusterId, clusterId)).all();
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
