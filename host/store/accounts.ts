/** Teams, users and API tokens. */
import { and, eq, sql } from 'drizzle-orm';
import type { Ability, TeamRole } from '../../src/contract/host.ts';
import { hashPassword, type PasswordCost } from '../auth/password.ts';
import { API_TOKEN_PREFIX, hashSecret, newSecret } from '../auth/secrets.ts';
import type { HostDb } from '../db/open.ts';
import { preparedOnce } from '../db/prepared.ts';
import { apiTokens, type TeamRow, teams, type UserRow, users } from '../db/schema.ts';
import { conflict } from '../errors.ts';

export function createTeam(db: HostDb, opts: { name: string; createdBy: string | null }): TeamRow {
  return db.insert(teams).values(opts).returning().get();
}

const teamById = preparedOnce((db) =>
  db
    .select()
    .from(teams)
    .where(eq(teams.id, sql.placeholder('id')))
    .prepare(),
);

export function getTeam(db: HostDb, id: string): TeamRow | undefined {
  return teamById(db).get({ id });
}

export function findTeamByName(db: HostDb, name: string): TeamRow | undefined {
  return db.select().from(teams).where(eq(teams.name, name)).orderBy(teams.createdAt).get();
}

export async function createUser(
  db: HostDb,
  opts: { teamId: string; email: string; password: string; role: TeamRole; passwordCost: PasswordCost },
): Promise<UserRow> {
  const email = opts.email.trim().toLowerCase();
  const passwordHash = await hashPassword(opts.password, opts.passwordCost);
  // Checked after the (async) hashing: check and insert then run without a yield in between.
  if (findUserByEmail(db, email)) throw conflict('email: a user with this email already exists');
  return db.insert(users).values({ teamId: opts.teamId, email, passwordHash, role: opts.role }).returning().get();
}

/** The user's password hashed again (same password, the host's parameters). */
export async function rehashPassword(db: HostDb, id: string, password: string, cost: PasswordCost): Promise<void> {
  const passwordHash = await hashPassword(password, cost);
  db.update(users).set({ passwordHash }).where(eq(users.id, id)).run();
}

export function getUser(db: HostDb, id: string): UserRow | undefined {
  return db.select().from(users).where(eq(users.id, id)).get();
}

export function findUserByEmail(db: HostDb, email: string): UserRow | undefined {
  return db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).get();
}

const storedAbilities = (abilities: readonly Ability[]) => (abilities.includes('write') ? 'read,write' : 'read');

/** Mints a token; the clear value is returned once and never stored. */
export function createApiToken(
  db: HostDb,
  opts: { userId: string; abilities: readonly Ability[]; name?: string | null; expiresAt?: Date | null },
): { id: string; token: string } {
  const token = newSecret(API_TOKEN_PREFIX);
  const { id } = db
    .insert(apiTokens)
    .values({
      userId: opts.userId,
      tokenHash: hashSecret(token),
      abilities: storedAbilities(opts.abilities),
      name: opts.name ?? null,
      expiresAt: opts.expiresAt ?? null,
    })
    .returning({ id: apiTokens.id })
    .get();
  return { id, token };
}

/** A token as listed: everything but its hash. */
export interface ApiTokenInfo {
  id: string;
  userId: string;
  email: string;
  name: string | null;
  abilities: Ability[];
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
}

/** Tokens of a team's users, or of one user, oldest first. */
export function listApiTokens(db: HostDb, opts: { teamId: string; userId?: string }): ApiTokenInfo[] {
  const scope = opts.userId ? and(eq(users.teamId, opts.teamId), eq(users.id, opts.userId)) : eq(users.teamId, opts.teamId);
  return db
    .select({
      id: apiTokens.id,
      userId: apiTokens.userId,
      email: users.email,
      name: apiTokens.name,
      abilities: apiTokens.abilities,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      expiresAt: apiTokens.expiresAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(scope)
    .orderBy(apiTokens.createdAt)
    .all()
    .map((row) => ({ ...row, abilities: row.abilities.split(',') as Ability[] }));
}

/** The token and the user it acts as, for deciding who may revoke it. */
export function getApiToken(db: HostDb, id: string): { id: string; user: UserRow } | undefined {
  const row = db.select().from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId)).where(eq(apiTokens.id, id)).get();
  return row ? { id: row.api_tokens.id, user: row.users } : undefined;
}

export function deleteApiToken(db: HostDb, id: string): void {
  db.delete(apiTokens).where(eq(apiTokens.id, id)).run();
}

/** Registers a token chosen outside (ADMIN_TOKEN), idempotently. */
export function ensureApiToken(db: HostDb, opts: { userId: string; token: string; abilities: readonly Ability[] }): void {
  const tokenHash = hashSecret(opts.token);
  const existing = db
    .select({ id: apiTokens.id })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash), eq(apiTokens.userId, opts.userId)))
    .get();
  if (existing) return;
  db.insert(apiTokens)
    .values({ userId: opts.userId, tokenHash, abilities: storedAbilities(opts.abilities) })
    .onConflictDoUpdate({ target: apiTokens.tokenHash, set: { userId: opts.userId, abilities: storedAbilities(opts.abilities) } })
    .run();
}
