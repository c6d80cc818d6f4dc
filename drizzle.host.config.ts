import { defineConfig } from 'drizzle-kit';

// The reference host's own schema and migrations, kept apart from the plugin's
// (`drizzle.config.ts`, `migrations/`): both live in one SQLite file at runtime.
export default defineConfig({
  dialect: 'sqlite',
  schema: './host/db/schema.ts',
  out: './host/migrations',
  migrations: { table: '__host_migrations' },
});
