import { beforeEach, describe, expect, it } from 'vitest';
import { hashSecret } from '../auth/secrets.ts';
import { type OpenedDatabase, openDatabase } from '../db/open.ts';
import type { HostError } from '../errors.ts';
import { TEST_PASSWORD_COST as passwordCost } from '../testing.ts';
import { createApiToken, createTeam, createUser, ensureApiToken, findTeamByName, findUserByEmail, getTeam } from './accounts.ts';

describe('accounts store', () => {
  let opened: OpenedDatabase;
  let teamId: string;

  beforeEach(() => {
    opened = openDatabase({ file: ':memory:' });
    teamId = createTeam(opened.db, { name: 'Default', createdBy: null }).id;
  });

  it('creates teams with random text ids', () => {
    const team = getTeam(opened.db, teamId);
    expect(team).toMatchObject({ name: 'Default', createdBy: null });
    expect(team?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(findTeamByName(opened.db, 'Default')?.id).toBe(teamId);
  });

  it('stores users with a lower-cased unique email and no clear password', async () => {
    const user = await createUser(opened.db, { teamId, email: ' Bob@Example.COM ', password: 'password-123', role: 'member', passwordCost });
    expect(user.email).toBe('bob@example.com');
    expect(findUserByEmail(opened.db, 'BOB@example.com')?.id).toBe(user.id);
    const raw = opened.sqlite.prepare('SELECT password_hash FROM users').pluck().get() as string;
    expect(raw).toMatch(/^scrypt\$/);
    expect(raw).not.toContain('password-123');
    const duplicate = createUser(opened.db, { teamId, email: 'bob@example.com', password: 'password-456', role: 'viewer', passwordCost });
    await expect(duplicate).rejects.toMatchObject({ status: 409, code: 'conflict' } satisfies Partial<HostError>);
  });

  it('stores API tokens as hashes and registers an outside token idempotently', async () => {
    const user = await createUser(opened.db, { teamId, email: 'c@example.com', password: 'password-123', role: 'owner', passwordCost });
    const { token } = createApiToken(opened.db, { userId: user.id, abilities: ['read'] });
    ensureApiToken(opened.db, { userId: user.id, token: 'outside-token-0123456789', abilities: ['read', 'write'] });
    ensureApiToken(opened.db, { userId: user.id, token: 'outside-token-0123456789', abilities: ['read', 'write'] });
    const rows = opened.sqlite.prepare('SELECT token_hash, abilities FROM api_tokens ORDER BY abilities').all();
    expect(rows).toEqual([
      { token_hash: hashSecret(token), abilities: 'read' },
      { token_hash: hashSecret('outside-token-0123456789'), abilities: 'read,write' },
    ]);
  });
});
