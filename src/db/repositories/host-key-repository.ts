import { eq } from 'drizzle-orm';
import type { PluginDatabase } from '../database.ts';
import { sshHostKeys } from '../schema.ts';

/** Pinned SSH host keys (trust on first use). */
export class HostKeyRepository {
  constructor(private readonly db: PluginDatabase) {}

  get(serverId: string): string | null {
    return this.db.select().from(sshHostKeys).where(eq(sshHostKeys.serverId, serverId)).get()?.fingerprint ?? null;
  }

  pin(serverId: string, fingerprint: string): void {
    this.db.insert(sshHostKeys).values({ serverId, fingerprint }).onConflictDoNothing().run();
  }

  forget(serverId: string): void {
    this.db.delete(sshHostKeys).where(eq(sshHostKeys.serverId, serverId)).run();
  }
}
