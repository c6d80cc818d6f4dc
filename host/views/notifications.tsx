import type { NotificationRow } from '../db/schema.ts';
import { CsrfField, formatTime, LevelBadge } from './components.tsx';

export function NotificationList(props: { notifications: NotificationRow[]; csrfToken: string }) {
  const unread = props.notifications.some((n) => n.readAt === null);
  return (
    <div id="inbox">
      {unread ? (
        <form method="post" action="/notifications/read" hx-post="/notifications/read" hx-target="#inbox" hx-swap="outerHTML">
          <CsrfField token={props.csrfToken} />
          <button type="submit">Mark all read</button>
        </form>
      ) : null}
      {props.notifications.length === 0 ? (
        <p class="muted">No notifications.</p>
      ) : (
        <table class="card">
          <thead>
            <tr>
              <th>Level</th>
              <th>Title</th>
              <th>Message</th>
              <th>Event</th>
              <th>When</th>
            </tr>
          </thead>
          <tbody>
            {props.notifications.map((n) => (
              <tr class={n.readAt ? undefined : 'unread'}>
                <td>
                  <LevelBadge level={n.level} />
                </td>
                <td>{n.link ? <a href={n.link}>{n.title}</a> : n.title}</td>
                <td>{n.message}</td>
                <td>
                  <code>{n.event}</code>
                </td>
                <td class="muted">{formatTime(n.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function NotificationsPage(props: { notifications: NotificationRow[]; csrfToken: string }) {
  return (
    <>
      <h1>Notifications</h1>
      <NotificationList {...props} />
    </>
  );
}
