import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.ts';

export type HostDb = BetterSQLite3Database<typeof schema>;

export interface OpenedDatabase {
  sqlite: Database.Database;
  db: HostDb;
}

/** Own table name: the plugin keeps its migration history in the same SQLite file. */
export const HOST_MIGRATIONS_TABLE = '__host_migrations';
const MIGRATIONS_FOLDER = fileURLToPath(new URL('../migrations', import.meta.url));

/** Opens (or creates) the host database and applies the host migrations. `:memory:` for tests. */
export function openDatabase(opts: { file: string }): OpenedDatabase {
  const sqlite = new Database(opts.file);
  if (opts.file !== ':memory:') sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // The plugin's jobs and the web requests share the file; wait instead of failing on a lock.
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER, migrationsTable: HOST_MIGRATIONS_TABLE });
  return { sqlite, db };
}
