/**
 * The plugin's own tables. Host tables are never altered: links to host servers are plugin-owned rows
 * keyed by the host's server id.
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { CLUSTER_STATUSES, type Cluster, type ClusterMetadata, type ClusterServer } from '../domain/cluster.ts';
import type { ClusterSettingsOverrides } from '../domain/cluster-settings.ts';
import type { DeliveryPreferences } from '../domain/notification-kinds.ts';
import type { RotationStatus, RotationStep } from '../domain/rotation-plan.ts';
import type { StoredEvent } from '../domain/stored-event.ts';
import type { WatchState } from '../domain/swarm-transitions.ts';
import type { ClusterNotification } from '../domain/transition-notification.ts';

const timestamps = {
  createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  updatedAt: text('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
};

export const clusters = sqliteTable(
  'clusters',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    uuid: text('uuid').notNull().unique(),
    teamId: text('team_id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    type: text('type', { enum: ['swarm'] })
      .notNull()
      .default('swarm'),
    status: text('status', { enum: CLUSTER_STATUSES }).notNull().default('unknown'),
    /** Why the cluster has its status (reasons joined), e.g. "node w2 down". */
    statusReason: text('status_reason'),
    statusChangedAt: text('status_changed_at'),
    /** The host server used first to reach the swarm. */
    managerServerId: text('manager_server_id').notNull(),
    swarmId: text('swarm_id'),
    metadata: text('metadata', { mode: 'json' }).$type<ClusterMetadata>(),
    /** Encrypted with the host key; never returned unencrypted except to admins asking for a join command. */
    joinTokenWorker: text('join_token_worker_enc'),
    joinTokenManager: text('join_token_manager_enc'),
    settings: text('settings', { mode: 'json' }).$type<ClusterSettingsOverrides>(),
    ...timestamps,
  },
  (t) => [index('clusters_team_idx').on(t.teamId), uniqueIndex('clusters_team_swarm_idx').on(t.teamId, t.swarmId)],
);

/** A host server known to be part of a cluster: a manager the plugin may talk to, or a node it links to. */
export const clusterServers = sqliteTable(
  'cluster_servers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    clusterId: integer('cluster_id')
      .notNull()
      .references(() => clusters.id, { onDelete: 'cascade' }),
    serverId: text('server_id').notNull(),
    /** Swarm node id the server was matched to by address, once known. */
    nodeId: text('node_id'),
    isManager: integer('is_manager', { mode: 'boolean' }).notNull().default(false),
    ...timestamps,
  },
  (t) => [uniqueIndex('cluster_servers_server_idx').on(t.serverId), index('cluster_servers_cluster_idx').on(t.clusterId)],
);

export const clusterEvents = sqliteTable(
  'cluster_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    clusterId: integer('cluster_id')
      .notNull()
      .references(() => clusters.id, { onDelete: 'cascade' }),
    eventType: text('event_type').notNull(),
    action: text('action').notNull(),
    actorId: text('actor_id').notNull().default(''),
    actorName: text('actor_name'),
    attributes: text('attributes', { mode: 'json' }).$type<Record<string, string>>(),
    scope: text('scope'),
    /** Docker's timeNano: with type, action and actor it identifies an event, so a backfill cannot duplicate. */
    timeNano: text('time_nano').notNull(),
    eventTime: text('event_time').notNull(),
    /** Who did it, for actions taken through the plugin. */
    principal: text('principal'),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    uniqueIndex('cluster_events_dedupe_idx').on(t.clusterId, t.timeNano, t.eventType, t.action, t.actorId),
    index('cluster_events_time_idx').on(t.clusterId, t.eventTime),
    index('cluster_events_type_idx').on(t.clusterId, t.eventType),
  ],
);

/** SSH host keys pinned on first use, per host server, and the last other key a server presented (refused). */
export const sshHostKeys = sqliteTable('ssh_host_keys', {
  serverId: text('server_id').primaryKey(),
  fingerprint: text('fingerprint').notNull(),
  pinnedAt: timestamps.createdAt,
  /** A key the server presented instead of the pinned one; connections are refused until an admin trusts it. */
  refusedFingerprint: text('refused_fingerprint'),
  refusedAt: text('refused_at'),
});

/** What the transition rules last saw of a cluster's nodes and services (domain/swarm-transitions.ts). */
export const clusterWatchStates = sqliteTable('cluster_watch_states', {
  clusterId: integer('cluster_id')
    .primaryKey()
    .references(() => clusters.id, { onDelete: 'cascade' }),
  state: text('state', { mode: 'json' }).$type<WatchState>().notNull(),
  updatedAt: timestamps.updatedAt,
});

/**
 * Notifications of a cluster, written with the state that produced them and sent after: an outbox, so a
 * restart between the two neither loses one (unsent rows are sent) nor repeats one (sent rows are marked).
 */
export const clusterNotifications = sqliteTable(
  'cluster_notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    clusterId: integer('cluster_id')
      .notNull()
      .references(() => clusters.id, { onDelete: 'cascade' }),
    teamId: text('team_id').notNull(),
    event: text('event').notNull(),
    delivery: text('delivery', { enum: ['immediate', 'digest'] }).notNull(),
    notification: text('notification', { mode: 'json' }).$type<ClusterNotification>().notNull(),
    createdAt: timestamps.createdAt,
    sentAt: text('sent_at'),
  },
  (t) => [index('cluster_notifications_unsent_idx').on(t.sentAt, t.clusterId)],
);

/** Which notification kinds a team receives and how: for all its clusters (cluster_id null) or one of them. */
export const notificationPreferences = sqliteTable(
  'notification_preferences',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id').notNull(),
    clusterId: integer('cluster_id').references(() => clusters.id, { onDelete: 'cascade' }),
    preferences: text('preferences', { mode: 'json' }).$type<DeliveryPreferences>().notNull(),
    updatedAt: timestamps.updatedAt,
  },
  (t) => [index('notification_preferences_team_idx').on(t.teamId, t.clusterId)],
);

const OBJECT_KINDS = ['secret', 'config'] as const;

/**
 * Secrets and configs made through the plugin: Docker's id, the family and version of the name, and who
 * created it (by hand or by rotating the version before). Never a value. Rows of objects gone from the
 * swarm are dropped on sync.
 */
export const swarmObjects = sqliteTable(
  'swarm_objects',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    clusterId: integer('cluster_id')
      .notNull()
      .references(() => clusters.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: OBJECT_KINDS }).notNull(),
    dockerId: text('docker_id').notNull(),
    name: text('name').notNull(),
    family: text('family').notNull(),
    version: integer('version').notNull(),
    createdBy: text('created_by').notNull(),
    /** The name of the version this one replaced, when a rotation made it. */
    rotatedFrom: text('rotated_from'),
    createdAt: timestamps.createdAt,
  },
  (t) => [uniqueIndex('swarm_objects_docker_idx').on(t.clusterId, t.kind, t.dockerId), index('swarm_objects_family_idx').on(t.clusterId, t.kind, t.family)],
);

/** A rotation of a secret or config, step by step, so that it can be followed and resumed. Never a value. */
export const rotations = sqliteTable(
  'swarm_object_rotations',
  {
    id: text('id').primaryKey(),
    clusterId: integer('cluster_id')
      .notNull()
      .references(() => clusters.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: OBJECT_KINDS }).notNull(),
    family: text('family').notNull(),
    fromId: text('from_id').notNull(),
    fromName: text('from_name').notNull(),
    toId: text('to_id').notNull(),
    toName: text('to_name').notNull(),
    status: text('status').$type<RotationStatus>().notNull(),
    steps: text('steps', { mode: 'json' }).$type<RotationStep[]>().notNull(),
    startedBy: text('started_by').notNull(),
    ...timestamps,
  },
  (t) => [index('swarm_object_rotations_family_idx').on(t.clusterId, t.kind, t.family)],
);

export type ClusterRow = typeof clusters.$inferSelect;
export type NewClusterRow = typeof clusters.$inferInsert;
export type ClusterServerRow = typeof clusterServers.$inferSelect;
export type ClusterEventRow = typeof clusterEvents.$inferSelect;
export type NewClusterEventRow = typeof clusterEvents.$inferInsert;
export type ClusterNotificationRow = typeof clusterNotifications.$inferSelect;

// The rows are the domain's records field for field: these stop compiling when a column drifts from them.
type Assert<T extends true> = T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type ClusterRowIsCluster = Assert<Same<ClusterRow, Cluster>>;
export type ClusterServerRowIsClusterServer = Assert<Same<ClusterServerRow, ClusterServer>>;
export type ClusterEventRowIsStoredEvent = Assert<Same<ClusterEventRow, StoredEvent>>;
export type SwarmObjectRow = typeof swarmObjects.$inferSelect;
export type NewSwarmObjectRow = typeof swarmObjects.$inferInsert;
export type RotationRow = typeof rotations.$inferSelect;
export type NewRotationRow = typeof rotations.$inferInsert;
