import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.ts';

export type PluginDatabase = BetterSQLite3Database<typeof schema>;

const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));
/** Our own bookkeeping table: the host may keep drizzle's default one for its own migrations. */
const MIGRATIONS_TABLE = '__clusters_plugin_migrations';

export function openPluginDatabase(sqlite: Database.Database): PluginDatabase {
  sqlite.pragma('foreign_keys = ON');
  return drizzle(sqlite, { schema });
}

export function migratePluginDatabase(db: PluginDatabase): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER, migrationsTable: MIGRATIONS_TABLE });
}
