/**
 * The reference host's tables. Ids are random TEXT (the contract's ids are strings);
 * secrets are never stored in clear: passwords as scrypt hashes, session and API tokens
 * as SHA-256 hashes, server private keys encrypted with the host key.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export const NOTIFICATION_LEVELS = ['info', 'warning', 'error', 'success'] as const;
export const TOKEN_ABILITIES = ['read', 'read,write'] as const;
export const SERVER_TRANSPORTS = ['ssh', 'local'] as const;

const id = () =>
  text('id')
    .primaryKey()
    .$defaultFn(() => randomUUID());
const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch() * 1000)`)
    // Millisecond precision for rows written through drizzle (SQL default is whole seconds).
    .$defaultFn(() => new Date());

export const teams = sqliteTable('teams', {
  id: id(),
  name: text('name').notNull(),
  /** The owner who created the team may populate it although not a member (no FK: bootstrap has none). */
  createdBy: text('created_by'),
  createdAt: createdAt(),
});

export const users = sqliteTable(
  'users',
  {
    id: id(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** Stored lower-cased so uniqueness is case-insensitive. */
    email: text('email').notNull().unique(),
    /** `scrypt$N$r$p$salt$hash` (base64url), see host/auth/password.ts. */
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('users_team_idx').on(t.teamId)],
);

export const sessions = sqliteTable(
  'sessions',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    abilities: text('abilities', { enum: TOKEN_ABILITIES }).notNull(),
    /** What the token is for ("CI deploys"), shown when listing tokens. */
    name: text('name'),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
    /** Null: never expires. */
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

export const servers = sqliteTable(
  'servers',
  {
    id: id(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    ip: text('ip').notNull(),
    port: integer('port').notNull().default(22),
    user: text('user').notNull().default('root'),
    /** How the plugin reaches the engine: over SSH, or `local`, the machine this panel runs on (its Docker socket). */
    transport: text('transport', { enum: SERVER_TRANSPORTS }).notNull().default('ssh'),
    /**
     * AES-256-GCM ciphertext (host/crypto.ts), never the PEM itself. Empty for a local server, which needs no key
     * (empty rather than null: making the column nullable rebuilds the table, and the rebuild's DROP would cascade).
     */
    privateKeyEncrypted: text('private_key_encrypted').notNull(),
    swarmManager: integer('swarm_manager', { mode: 'boolean' }).notNull().default(false),
    swarmWorker: integer('swarm_worker', { mode: 'boolean' }).notNull().default(false),
    dockerSocketPath: text('docker_socket_path').notNull().default('/var/run/docker.sock'),
    createdAt: createdAt(),
  },
  (t) => [index('servers_team_idx').on(t.teamId)],
);

export const applications = sqliteTable(
  'applications',
  {
    uuid: text('uuid')
      .primaryKey()
      .$defaultFn(() => randomUUID()),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    serverId: text('server_id').references(() => servers.id, { onDelete: 'set null' }),
    /** What a swarm deploy runs; null for an application created before images existed. */
    image: text('image'),
    /** Arguments replacing the image's CMD, as one line (split into words, never run by a shell). */
    command: text('command'),
    swarmSettings: text('swarm_settings', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index('applications_team_idx').on(t.teamId)],
);

export const notifications = sqliteTable(
  'notifications',
  {
    id: id(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    level: text('level', { enum: NOTIFICATION_LEVELS }).notNull(),
    title: text('title').notNull(),
    message: text('message').notNull(),
    /** Path on this panel of the page that shows what happened. */
    link: text('link'),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    readAt: integer('read_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('notifications_team_created_idx').on(t.teamId, t.createdAt)],
);

export const notificationChannels = sqliteTable(
  'notification_channels',
  {
    id: id(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    type: text('type', { enum: ['webhook'] })
      .notNull()
      .default('webhook'),
    url: text('url').notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('notification_channels_team_idx').on(t.teamId)],
);

export type TeamRow = typeof teams.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type ServerRow = typeof servers.$inferSelect;
export type ApplicationRow = typeof applications.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;
export type NotificationChannelRow = typeof notificationChannels.$inferSelect;
