import { and, eq } from 'drizzle-orm';
import type { PluginDatabase } from '../database.ts';
import { sshHostKeys } from '../schema.ts';

export interface PinnedHostKey {
  fingerprint: string;
  /** ISO time. */
  pinnedAt: string;
  /** The last other key the server presented, refused; null when none since the pin. */
  refused: { fingerprint: string; at: string } | null;
}

/** Pinned SSH host keys (trust on first use), and what a server presented instead. */
export class HostKeyRepository {
  constructor(private readonly db: PluginDatabase) {}

  get(serverId: string): string | null {
    return this.find(serverId)?.fingerprint ?? null;
  }

  find(serverId: string): PinnedHostKey | null {
    const row = this.db.select().from(sshHostKeys).where(eq(sshHostKeys.serverId, serverId)).get();
    if (!row) return null;
    const refused = row.refusedFingerprint && row.refusedAt ? { fingerprint: row.refusedFingerprint, at: row.refusedAt } : null;
    return { fingerprint: row.fingerprint, pinnedAt: row.pinnedAt, refused };
  }

  pin(serverId: string, fingerprint: string): void {
    this.db.insert(sshHostKeys).values({ serverId, fingerprint }).onConflictDoNothing().run();
  }

  /** Remembers the key a server presented instead of its pinned one, so an admin can see it and decide. */
  refused(serverId: string, fingerprint: string, at = new Date()): void {
    this.db.update(sshHostKeys).set({ refusedFingerprint: fingerprint, refusedAt: at.toISOString() }).where(eq(sshHostKeys.serverId, serverId)).run();
  }

  /**
   * Pins the refused key in place of the old one, only if it is still the one refused (the admin trusts
   * the fingerprint they were shown, not whatever the server presents by then). False when it is not.
   */
  trust(serverId: string, fingerprint: string, at = new Date()): boolean {
    const result = this.db
      .update(sshHostKeys)
      .set({ fingerprint, pinnedAt: at.toISOString(), refusedFingerprint: null, refusedAt: null })
      .where(and(eq(sshHostKeys.serverId, serverId), eq(sshHostKeys.refusedFingerprint, fingerprint)))
      .run();
    return result.changes === 1;
  }

  forget(serverId: string): void {
    this.db.delete(sshHostKeys).where(eq(sshHostKeys.serverId, serverId)).run();
  }
}
