/** Browser sessions: a random cookie secret, stored as its hash with an expiry. */
import { eq, lt } from 'drizzle-orm';
import type { HostDb } from '../db/open.ts';
import { sessions } from '../db/schema.ts';
import { hashSecret, newSecret } from './secrets.ts';

export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function createSession(db: HostDb, opts: { userId: string; now?: Date }): { token: string; expiresAt: Date } {
  const now = opts.now ?? new Date();
  const token = newSecret();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  db.transaction((tx) => {
    // Logging in is a natural moment to drop stale rows; no separate cleanup job needed.
    tx.delete(sessions).where(lt(sessions.expiresAt, now)).run();
    tx.insert(sessions)
      .values({ userId: opts.userId, tokenHash: hashSecret(token), expiresAt })
      .run();
  });
  return { token, expiresAt };
}

export function deleteSession(db: HostDb, token: string): void {
  db.delete(sessions)
    .where(eq(sessions.tokenHash, hashSecret(token)))
    .run();
}
