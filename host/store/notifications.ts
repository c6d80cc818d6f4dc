/** The in-app inbox and the team's outgoing webhook channels. */
import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { HostNotification } from '../../src/contract/host.ts';
import type { HostDb } from '../db/open.ts';
import { preparedOnce } from '../db/prepared.ts';
import { type NotificationChannelRow, type NotificationRow, notificationChannels, notifications } from '../db/schema.ts';
import { requiredString } from '../validation.ts';

export const channelInput = z.object({
  url: requiredString(2048).pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
});

export function insertNotification(db: HostDb, opts: { teamId: string; notification: HostNotification }): NotificationRow {
  const { event, level, title, message, data } = opts.notification;
  return db
    .insert(notifications)
    .values({ teamId: opts.teamId, event, level, title, message, link: localPath(opts.notification.link), data: data ?? null })
    .returning()
    .get();
}

/** A link is kept only as a path on this panel: never another origin, never a script URL. */
function localPath(link: string | undefined): string | null {
  return link && /^\/(?![/\\])/.test(link) ? link : null;
}

export function listNotifications(db: HostDb, opts: { teamId: string; limit?: number }): NotificationRow[] {
  return (
    db
      .select()
      .from(notifications)
      .where(eq(notifications.teamId, opts.teamId))
      // rowid breaks ties between rows written in the same millisecond (ids are random).
      .orderBy(desc(notifications.createdAt), desc(sql`rowid`))
      .limit(opts.limit ?? 100)
      .all()
  );
}

const unreadOfTeam = preparedOnce((db) =>
  db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.teamId, sql.placeholder('teamId')), isNull(notifications.readAt)))
    .prepare(),
);

export function countUnread(db: HostDb, teamId: string): number {
  return unreadOfTeam(db).get({ teamId })?.n ?? 0;
}

export function markAllRead(db: HostDb, teamId: string, now = new Date()): void {
  db.update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.teamId, teamId), isNull(notifications.readAt)))
    .run();
}

export function createChannel(db: HostDb, opts: { teamId: string; url: string }): NotificationChannelRow {
  return db.insert(notificationChannels).values({ teamId: opts.teamId, url: opts.url }).returning().get();
}

export function enabledWebhooks(db: HostDb, teamId: string): NotificationChannelRow[] {
  return db
    .select()
    .from(notificationChannels)
    .where(and(eq(notificationChannels.teamId, teamId), eq(notificationChannels.type, 'webhook'), eq(notificationChannels.enabled, true)))
    .all();
}
