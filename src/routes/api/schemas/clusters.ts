/** The JSON of clusters, their notification preferences and their stored events, as the API answers it. */
import { z } from '@hono/zod-openapi';
import { CLUSTER_STATUSES } from '../../../domain/cluster.ts';
import { DELIVERY_MODES, NOTIFICATION_KINDS } from '../../../domain/notification-kinds.ts';

const time = z.string().meta({ description: 'ISO 8601' });

export const clusterSchema = z
  .strictObject({
    uuid: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    type: z.literal('swarm'),
    status: z.enum(CLUSTER_STATUSES),
    statusReason: z.string().nullable().meta({ description: 'Why the cluster has its status, e.g. "node w2 down"' }),
    statusChangedAt: time.nullable(),
    managerServerId: z.string().meta({ description: 'The panel server tried first to reach the swarm' }),
    metadata: z.strictObject({
      swarmId: z.string().nullable(),
      swarmCreatedAt: z.string().nullable(),
      dockerVersion: z.string().nullable(),
      nodeCount: z.number(),
      managerCount: z.number(),
      workerCount: z.number(),
      serviceCount: z.number(),
      taskCount: z.number(),
      totalCpuCores: z.number(),
      totalMemoryBytes: z.number(),
      lastSyncAt: time.nullable(),
    }),
    servers: z.array(z.strictObject({ serverId: z.string(), nodeId: z.string().nullable(), isManager: z.boolean() })),
    settings: z
      .strictObject({
        syncIntervalSeconds: z.number(),
        eventRetentionDays: z.number(),
        shortServiceGraceSeconds: z.number(),
        nodeResourceRefreshSeconds: z.number(),
        autoLinkNodes: z.boolean(),
      })
      .meta({ description: 'The settings that apply to the cluster' }),
    changedSettings: z.array(z.string()).meta({ description: 'The settings the cluster set itself (the rest are the plugin’s)' }),
    createdAt: time,
    updatedAt: time,
  })
  .openapi('Cluster');

export const detectionMetaSchema = z.strictObject({
  created: z.number(),
  skipped: z.array(z.strictObject({ serverId: z.string(), serverName: z.string(), reason: z.string() })),
});

const deliveryMode = z.enum(DELIVERY_MODES);

export const notificationPreferenceSchema = z
  .strictObject({
    kind: z.enum(NOTIFICATION_KINDS),
    label: z.string(),
    mode: deliveryMode.meta({ description: 'What applies: the cluster’s choice, else the team’s, else the default' }),
    teamMode: deliveryMode,
    clusterMode: deliveryMode.nullable().meta({ description: 'The cluster’s own choice (cluster scope only)' }),
    teamChoice: deliveryMode.nullable().meta({ description: 'The team’s own choice, when it made one' }),
    defaultMode: deliveryMode.meta({ description: 'What applies when neither the team nor the cluster chose' }),
  })
  .openapi('NotificationPreference');

export const storedEventSchema = z
  .strictObject({
    id: z.number().meta({ description: 'Pass it as `before` to read older events' }),
    type: z.string(),
    action: z.string(),
    actorId: z.string(),
    actorName: z.string().nullable(),
    attributes: z.record(z.string(), z.string()),
    scope: z.string().nullable(),
    time: time,
    principal: z.string().nullable().meta({ description: 'Who did it through the panel (events of type `plugin`)' }),
  })
  .openapi('ClusterEvent');

export const eventPageMetaSchema = z.strictObject({
  nextBefore: z.number().nullable().meta({ description: 'Pass as `before` for the next (older) page; null on the last page' }),
});
