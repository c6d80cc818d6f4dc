/**
 * The notification form's choices, shared by a cluster's Settings tab and the team's page: kind -> mode, or null
 * (an empty choice) to follow the team's choice or the default again. A mode the form does not offer is an error
 * beside its kind, and then nothing of the form is saved.
 */
import { DELIVERY_MODES, type DeliveryMode, NOTIFICATION_KINDS, type NotificationKind } from '../../domain/notification-kinds.ts';

export interface NotificationChoices {
  change: Partial<Record<NotificationKind, DeliveryMode | null>>;
  errors: Partial<Record<NotificationKind, string>>;
}

export function notificationChoices(form: Record<string, unknown>): NotificationChoices {
  const choices: NotificationChoices = { change: {}, errors: {} };
  for (const kind of NOTIFICATION_KINDS) {
    const value = form[kind];
    if (value === undefined) continue;
    if (value === '') choices.change[kind] = null;
    else if ((DELIVERY_MODES as readonly unknown[]).includes(value)) choices.change[kind] = value as DeliveryMode;
    else choices.errors[kind] = `${kind} must be one of ${DELIVERY_MODES.join(', ')}, or empty`;
  }
  return choices;
}
