import { and, desc, eq } from 'drizzle-orm';
import type { SwarmObjectKind } from '../../domain/swarm-object-names.ts';
import type { PluginDatabase } from '../database.ts';
import { type NewRotationRow, type RotationRow, rotations } from '../schema.ts';

/** Rotations of secrets and configs with their steps, to follow and resume them. */
export class RotationRepository {
  constructor(private readonly db: PluginDatabase) {}

  insert(row: NewRotationRow): RotationRow {
    return this.db.insert(rotations).values(row).returning().get();
  }

  find(clusterId: number, id: string): RotationRow | undefined {
    return this.db
      .select()
      .from(rotations)
      .where(and(eq(rotations.clusterId, clusterId), eq(rotations.id, id)))
      .get();
  }

  update(id: string, change: Pick<RotationRow, 'steps' | 'status'>): RotationRow {
    return this.db
      .update(rotations)
      .set({ ...change, updatedAt: new Date().toISOString() })
      .where(eq(rotations.id, id))
      .returning()
      .get()!;
  }

  /** The cluster's rotations recorded as running, oldest first (to pick up those a stopped panel left). */
  listRunning(clusterId: number): RotationRow[] {
    return this.db
      .select()
      .from(rotations)
      .where(and(eq(rotations.clusterId, clusterId), eq(rotations.status, 'running')))
      .orderBy(rotations.createdAt)
      .all();
  }

  /** The rotations of a cluster's secrets or configs, newest first. */
  list(clusterId: number, kind: SwarmObjectKind): RotationRow[] {
    return this.db
      .select()
      .from(rotations)
      .where(and(eq(rotations.clusterId, clusterId), eq(rotations.kind, kind)))
      .orderBy(desc(rotations.createdAt))
      .all();
  }
}
