/**
 * "live", or "polling (stream down since HH:MM: reason)": whether a cluster's pages follow its event
 * stream or poll. Rendered with the status at render time; the live script keeps every
 * `[data-live-status]` element current (in the browser's time zone).
 */
import type { StreamStatus } from '../src/services/live-events.ts';

export function LiveStatus(props: { status: StreamStatus | null }) {
  return (
    <span class="live-status" data-live-status={props.status?.state ?? 'off'} role="status">
      {liveStatusText(props.status)}
    </span>
  );
}

export function liveStatusText(status: StreamStatus | null): string {
  if (!status) return 'polling (live updates are off)';
  if (status.state === 'streaming') return 'live';
  return `polling (stream down since ${clock(status.since)}: ${status.reason})`;
}

function clock(iso: string): string {
  const date = new Date(iso);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}
