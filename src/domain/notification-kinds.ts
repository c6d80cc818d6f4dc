/**
 * The kinds of notification the plugin sends and how each reaches a team: at once, gathered into a digest,
 * or not at all. A team chooses for all its clusters; a cluster may choose otherwise for itself.
 */
import { z } from 'zod';

export const NOTIFICATION_KINDS = [
  'cluster.degraded',
  'cluster.unreachable',
  'cluster.recovered',
  'cluster.quorum_at_risk',
  'node.down',
  'node.ready',
  'node.unreachable',
  'node.flapping',
  'service.short',
  'service.recovered',
  'service.update_paused',
  'service.update_failed',
  'service.update_rolled_back',
  'rotation.finished',
  'rotation.stopped',
  'stack.deploy_failed',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const DELIVERY_MODES = ['immediate', 'digest', 'off'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/** What a kind is about, in the words of the settings panel. */
export const KIND_LABELS: Record<NotificationKind, string> = {
  'cluster.degraded': 'Cluster degraded',
  'cluster.unreachable': 'Cluster unreachable',
  'cluster.recovered': 'Cluster recovered',
  'cluster.quorum_at_risk': 'Manager quorum at risk',
  'node.down': 'Node down',
  'node.ready': 'Node ready again',
  'node.unreachable': 'Manager unreachable',
  'node.flapping': 'Node flapping',
  'service.short': 'Service below its replicas',
  'service.recovered': 'Service recovered',
  'service.update_paused': 'Rolling update paused',
  'service.update_failed': 'Rolling update failed',
  'service.update_rolled_back': 'Rolling update rolled back',
  'rotation.finished': 'Secret or config rotation finished',
  'rotation.stopped': 'Secret or config rotation stopped',
  'stack.deploy_failed': 'Stack deploy failed',
};

/** Good news is gathered into a digest; everything else is sent at once. */
export const DEFAULT_DELIVERY: Record<NotificationKind, DeliveryMode> = Object.fromEntries(
  NOTIFICATION_KINDS.map((kind) => [kind, kind === 'node.ready' || kind === 'service.recovered' ? 'digest' : 'immediate']),
) as Record<NotificationKind, DeliveryMode>;

export type DeliveryPreferences = Partial<Record<NotificationKind, DeliveryMode>>;

const modeInput = z.enum(DELIVERY_MODES, { error: `must be one of ${DELIVERY_MODES.join(', ')}, or null to follow the team` });

/** A change of preferences: kind -> mode, or null to follow the team's choice (or the default) again. */
export const deliveryPreferencesInput = z.strictObject(
  Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, modeInput.nullable().optional()])) as Record<
    NotificationKind,
    z.ZodOptional<z.ZodNullable<typeof modeInput>>
  >,
);

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/** The cluster's own choice, else the team's, else the default. */
export function deliveryMode(kind: NotificationKind, team: DeliveryPreferences | null, cluster: DeliveryPreferences | null): DeliveryMode {
  return cluster?.[kind] ?? team?.[kind] ?? DEFAULT_DELIVERY[kind];
}
