import { beforeEach, describe, expect, it } from 'vitest';
import { type HostDb, openDatabase } from '../db/open.ts';
import { apiTokens } from '../db/schema.ts';
import { createApiToken, createTeam, createUser } from '../store/accounts.ts';
import { TEST_PASSWORD_COST as passwordCost } from '../testing.ts';
import { principalFromApiToken, principalFromSession, rememberPrincipal, resolvePrincipal, SESSION_COOKIE } from './principal.ts';
import { createSession, deleteSession, SESSION_TTL_MS } from './sessions.ts';

describe('principal resolution', () => {
  let db: HostDb;
  let userId: string;
  let teamId: string;

  beforeEach(async () => {
    db = openDatabase({ file: ':memory:' }).db;
    teamId = createTeam(db, { name: 'T', createdBy: null }).id;
    userId = (await createUser(db, { teamId, email: 'Ann@Example.com', password: 'password-123', role: 'admin', passwordCost })).id;
  });

  const withCookie = (token: string) => new Request('http://localhost/', { headers: { cookie: `other=1; ${SESSION_COOKIE}=${token}` } });
  const withBearer = (token: string) => new Request('http://localhost/', { headers: { authorization: `Bearer ${token}` } });

  it("reuses a guard's principal for the same request and credential, and queries otherwise", () => {
    const principal = { userId, teamId, role: 'admin' as const, email: 'ann@example.com', abilities: ['read' as const], via: 'token' as const };
    // Unknown to the database: only the remembered answer can resolve it.
    const request = withBearer('hp_remembered-token-0123456789');
    rememberPrincipal(request, principal);
    expect(resolvePrincipal(db, request)).toBe(principal);
    const cookieOnly = withCookie('no-such-session');
    rememberPrincipal(cookieOnly, principal);
    expect(resolvePrincipal(db, cookieOnly)).toBeNull();
  });

  it('resolves a session cookie to the user with both abilities', () => {
    const { token } = createSession(db, { userId });
    expect(resolvePrincipal(db, withCookie(token))).toEqual({
      userId,
      teamId,
      role: 'admin',
      email: 'ann@example.com',
      abilities: ['read', 'write'],
      via: 'session',
    });
  });

  it('refuses an expired, deleted or unknown session', () => {
    const old = createSession(db, { userId, now: new Date(Date.now() - SESSION_TTL_MS - 1000) });
    expect(principalFromSession(db, old.token)).toBeNull();
    const { token } = createSession(db, { userId });
    deleteSession(db, token);
    expect(principalFromSession(db, token)).toBeNull();
    expect(resolvePrincipal(db, withCookie('nope'))).toBeNull();
    expect(resolvePrincipal(db, new Request('http://localhost/'))).toBeNull();
  });

  it('resolves a bearer token with its abilities and stores only its hash', () => {
    const read = createApiToken(db, { userId, abilities: ['read'] });
    const write = createApiToken(db, { userId, abilities: ['read', 'write'] });
    expect(resolvePrincipal(db, withBearer(read.token))).toMatchObject({ userId, teamId, abilities: ['read'], via: 'token' });
    expect(resolvePrincipal(db, withBearer(write.token))?.abilities).toEqual(['read', 'write']);
    const stored = db.select().from(apiTokens).all();
    expect(JSON.stringify(stored)).not.toContain(read.token);
    expect(stored.every((row) => row.lastUsedAt instanceof Date)).toBe(true);
  });

  it('does not fall back to the cookie when a bearer token is given but invalid', () => {
    const { token } = createSession(db, { userId });
    const request = new Request('http://localhost/', {
      headers: { authorization: 'Bearer wrong', cookie: `${SESSION_COOKIE}=${token}` },
    });
    expect(resolvePrincipal(db, request)).toBeNull();
    expect(principalFromApiToken(db, 'wrong')).toBeNull();
  });
});
