/** Which notification kinds a team receives and how, for all its clusters or for one of them. */
import type { NotificationRepository } from '../db/repositories/notification-repository.ts';
import type { ClusterRow } from '../db/schema.ts';
import {
  DEFAULT_DELIVERY,
  type DeliveryMode,
  type DeliveryPreferences,
  deliveryMode,
  KIND_LABELS,
  NOTIFICATION_KINDS,
  type NotificationKind,
} from '../domain/notification-kinds.ts';

export interface KindPreference {
  kind: NotificationKind;
  label: string;
  /** What applies: the cluster's choice, else the team's, else the default. */
  mode: DeliveryMode;
  /** The team's choice for all its clusters, or the default. */
  teamMode: DeliveryMode;
  /** The cluster's own choice, when it made one (cluster scope only). */
  clusterMode: DeliveryMode | null;
  /** The team's own choice, when it made one. */
  teamChoice: DeliveryMode | null;
  defaultMode: DeliveryMode;
}

export class NotificationPreferences {
  constructor(private readonly repository: Pick<NotificationRepository, 'preferences' | 'savePreferences'>) {}

  /** The team's preferences (no cluster) or the cluster's, kind by kind. */
  list(teamId: string, cluster: Pick<ClusterRow, 'id'> | null): KindPreference[] {
    const team = this.repository.preferences(teamId, null);
    const own = cluster ? this.repository.preferences(teamId, cluster.id) : null;
    return NOTIFICATION_KINDS.map((kind) => ({
      kind,
      label: KIND_LABELS[kind],
      mode: deliveryMode(kind, team, own),
      teamMode: team?.[kind] ?? DEFAULT_DELIVERY[kind],
      clusterMode: own?.[kind] ?? null,
      teamChoice: team?.[kind] ?? null,
      defaultMode: DEFAULT_DELIVERY[kind],
    }));
  }

  /** Merges `change` into the saved choices; a kind set to null follows the team (or the default) again. */
  save(teamId: string, cluster: Pick<ClusterRow, 'id'> | null, change: Partial<Record<NotificationKind, DeliveryMode | null>>): KindPreference[] {
    const clusterId = cluster?.id ?? null;
    const next: DeliveryPreferences = { ...this.repository.preferences(teamId, clusterId) };
    for (const kind of NOTIFICATION_KINDS) {
      const mode = change[kind];
      if (mode === null) delete next[kind];
      else if (mode !== undefined) next[kind] = mode;
    }
    this.repository.savePreferences(teamId, clusterId, next);
    return this.list(teamId, cluster);
  }
}
