/**
 * Resolves who is making a request from a plain `Request`, so the plugin (a mounted sub-app
 * with no access to the host's middleware state) can ask too. An `Authorization: Bearer`
 * header wins over the cookie: an explicit but invalid token never falls back to a session.
 */
import { eq, sql } from 'drizzle-orm';
import { parse } from 'hono/utils/cookie';
import type { Ability, Principal } from '../../src/contract/host.ts';
import type { HostDb } from '../db/open.ts';
import { preparedOnce } from '../db/prepared.ts';
import { apiTokens, sessions, users } from '../db/schema.ts';
import { hashSecret } from './secrets.ts';

export const SESSION_COOKIE = 'panel_session';
/** `last_used_at` is informative; writing it on every request would turn reads into writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function bearerTokenOf(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

export function sessionTokenOf(request: Request): string | undefined {
  const header = request.headers.get('cookie');
  return header ? parse(header, SESSION_COOKIE)[SESSION_COOKIE] : undefined;
}

// Expiry is compared here, not in SQL, so that the prepared statements take the token hash alone.
const sessionByHash = preparedOnce((db) =>
  db
    .select({ userId: users.id, teamId: users.teamId, role: users.role, email: users.email, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, sql.placeholder('hash')))
    .prepare(),
);

const tokenByHash = preparedOnce((db) =>
  db
    .select({
      tokenId: apiTokens.id,
      abilities: apiTokens.abilities,
      lastUsedAt: apiTokens.lastUsedAt,
      expiresAt: apiTokens.expiresAt,
      userId: users.id,
      teamId: users.teamId,
      role: users.role,
      email: users.email,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, sql.placeholder('hash')))
    .prepare(),
);

export function principalFromSession(db: HostDb, token: string, now = new Date()): Principal | null {
  const row = sessionByHash(db).get({ hash: hashSecret(token) });
  if (!row || row.expiresAt <= now) return null;
  const { userId, teamId, role, email } = row;
  return { userId, teamId, role, email, abilities: ['read', 'write'], via: 'session' };
}

export function principalFromApiToken(db: HostDb, token: string, now = new Date()): Principal | null {
  const row = tokenByHash(db).get({ hash: hashSecret(token) });
  if (!row || (row.expiresAt && row.expiresAt <= now)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.tokenId)).run();
  }
  const { userId, teamId, role, email } = row;
  return { userId, teamId, role, email, abilities: row.abilities.split(',') as Ability[], via: 'token' };
}

/**
 * Principals the host's guards resolved, by request: the plugin's `auth.principal` then reuses the guard's answer
 * instead of querying sessions or tokens a second time on every request.
 */
const resolvedByGuards = new WeakMap<Request, Principal>();

export function rememberPrincipal(request: Request, principal: Principal): void {
  resolvedByGuards.set(request, principal);
}

export function resolvePrincipal(db: HostDb, request: Request): Principal | null {
  const bearer = bearerTokenOf(request);
  // Reused only when the guard read the same credential that wins here (a bearer header over the cookie).
  const known = resolvedByGuards.get(request);
  if (known?.via === (bearer !== undefined ? 'token' : 'session')) return known;
  if (bearer !== undefined) return principalFromApiToken(db, bearer);
  const session = sessionTokenOf(request);
  return session ? principalFromSession(db, session) : null;
}
