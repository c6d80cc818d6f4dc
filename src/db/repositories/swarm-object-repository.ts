import { and, eq, notInArray } from 'drizzle-orm';
import type { SwarmObjectKind } from '../../domain/swarm-object-names.ts';
import type { PluginDatabase } from '../database.ts';
import { type NewSwarmObjectRow, type SwarmObjectRow, swarmObjects } from '../schema.ts';

/** The plugin's rows about secrets and configs (never their values). */
export class SwarmObjectRepository {
  constructor(private readonly db: PluginDatabase) {}

  listForCluster(clusterId: number, kind: SwarmObjectKind): SwarmObjectRow[] {
    return this.db
      .select()
      .from(swarmObjects)
      .where(and(eq(swarmObjects.clusterId, clusterId), eq(swarmObjects.kind, kind)))
      .all();
  }

  /** Records an object; the same Docker id recorded again keeps its first row. */
  insert(row: NewSwarmObjectRow): void {
    this.db.insert(swarmObjects).values(row).onConflictDoNothing().run();
  }

  remove(clusterId: number, kind: SwarmObjectKind, dockerId: string): void {
    this.db
      .delete(swarmObjects)
      .where(and(eq(swarmObjects.clusterId, clusterId), eq(swarmObjects.kind, kind), eq(swarmObjects.dockerId, dockerId)))
      .run();
  }

  /** Drops the rows of objects the swarm no longer has; returns how many. */
  keepOnly(clusterId: number, kind: SwarmObjectKind, dockerIds: readonly string[]): number {
    return this.db
      .delete(swarmObjects)
      .where(and(eq(swarmObjects.clusterId, clusterId), eq(swarmObjects.kind, kind), notInArray(swarmObjects.dockerId, [...dockerIds])))
      .run().changes;
  }
}
