import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HOST_MIGRATIONS_TABLE, openDatabase } from './open.ts';

describe('openDatabase', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('creates the host tables and records migrations in its own table', () => {
    const { sqlite } = openDatabase({ file: ':memory:' });
    const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining([
        HOST_MIGRATIONS_TABLE,
        'teams',
        'users',
        'sessions',
        'api_tokens',
        'servers',
        'applications',
        'notifications',
        'notification_channels',
      ]),
    );
    expect(tables).not.toContain('__drizzle_migrations');
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    sqlite.close();
  });

  it('is idempotent on an existing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'host-db-'));
    dirs.push(dir);
    const file = join(dir, 'panel.sqlite');
    openDatabase({ file }).sqlite.close();
    const { sqlite } = openDatabase({ file });
    const applied = sqlite.prepare(`SELECT count(*) FROM ${HOST_MIGRATIONS_TABLE}`).pluck().get();
    // Each migration once, however often the file is opened.
    const journal = JSON.parse(readFileSync(new URL('../migrations/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] };
    expect(applied).toBe(journal.entries.length);
    sqlite.close();
  });
});
