/**
 * The events section of a cluster: filters, the stored events newest first (coloured by kind and by what
 * they did), "load more", and live arrivals prepended. Every string of an event comes from Docker and is
 * rendered as text.
 */
import type { EventKind, EventTone } from '../src/domain/swarm-event-effects.ts';
import { LIVE_TRIGGER } from './live-region.tsx';

export interface EventItemView {
  id: number;
  type: string;
  kind: EventKind;
  tone: EventTone;
  action: string;
  actorId: string;
  actorName: string | null;
  /** ISO time. */
  time: string;
  timeNano: string;
  /** Who did it, for operations taken through the plugin. */
  principal: string | null;
  details: string[];
}

export interface EventFilterValues {
  type: string;
  action: string;
  service: string;
  node: string;
  range: string;
}

export const EVENT_TYPES = ['service', 'node', 'container', 'network', 'secret', 'config', 'volume', 'image', 'plugin', 'daemon'];
export const EVENT_RANGES: { value: string; label: string }[] = [
  { value: '', label: 'All stored' },
  { value: '15m', label: 'Last 15 minutes' },
  { value: '1h', label: 'Last hour' },
  { value: '6h', label: 'Last 6 hours' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
];
const COMMON_ACTIONS = ['create', 'update', 'remove', 'start', 'stop', 'die', 'kill', 'destroy', 'oom', 'health_status'];

export interface EventsSectionProps {
  /** The page URL (no-JS form target). */
  pageUrl: string;
  /** The rows partial. */
  rowsUrl: string;
  filters: EventFilterValues;
  suggestions: { services: string[]; nodes: string[] };
  rows: EventItemView[];
  /** URL of the next older page, when there is one. */
  moreUrl: string | null;
  /** Id of the newest stored event when rendered: live arrivals are the rows after it. */
  after: number;
}

export function EventsSection(props: EventsSectionProps) {
  const f = props.filters;
  return (
    <section class="cluster-events">
      <form
        id="event-filters"
        class="event-filters"
        method="get"
        action={props.pageUrl}
        hx-get={props.rowsUrl}
        hx-trigger="change, submit"
        hx-target="#event-list"
        hx-swap="innerHTML"
      >
        <label>
          Type
          <select name="type">
            <option value="">All types</option>
            {EVENT_TYPES.map((t) => (
              <option value={t} selected={f.type === t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          Action
          <input name="action" value={f.action} list="event-actions" placeholder="any" maxlength={50} />
        </label>
        <label>
          Service
          <input name="service" value={f.service} list="event-services" placeholder="any" maxlength={200} />
        </label>
        <label>
          Node
          <input name="node" value={f.node} list="event-nodes" placeholder="any" maxlength={200} />
        </label>
        <label>
          Time
          <select name="range">
            {EVENT_RANGES.map((r) => (
              <option value={r.value} selected={f.range === r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Apply</button>
        <Options id="event-actions" values={COMMON_ACTIONS} />
        <Options id="event-services" values={props.suggestions.services} />
        <Options id="event-nodes" values={props.suggestions.nodes} />
      </form>
      <input type="hidden" id="events-after" name="after" value={String(props.after)} />
      <div
        id="events-live"
        hidden
        hx-get={props.rowsUrl}
        hx-vals='{"live": "1"}'
        hx-include="#event-filters, #events-after"
        hx-trigger={LIVE_TRIGGER}
        hx-target="#event-list"
        hx-swap="afterbegin"
        hx-sync="this:queue last"
      ></div>
      <ol id="event-list" class="event-list" aria-live="polite">
        <EventRows rows={props.rows} moreUrl={props.moreUrl} emptyNotice={props.rows.length ? undefined : 'show'} />
      </ol>
    </section>
  );
}

function Options(props: { id: string; values: string[] }) {
  return (
    <datalist id={props.id}>
      {props.values.map((v) => (
        <option value={v}></option>
      ))}
    </datalist>
  );
}

/**
 * List items for `#event-list`: the rows, the "load more" item, and optionally out-of-band updates of the
 * live cursor and of the empty notice.
 */
export function EventRows(props: { rows: EventItemView[]; moreUrl: string | null; cursor?: number; emptyNotice?: 'show' | 'remove' }) {
  return (
    <>
      {props.emptyNotice === 'show' ? (
        <li id="events-empty" class="event-empty">
          No events match. New ones appear here as the swarm reports them.
        </li>
      ) : null}
      {props.rows.map((row) => (
        <EventItem row={row} />
      ))}
      {props.moreUrl ? (
        <li class="event-more">
          <button type="button" hx-get={props.moreUrl} hx-include="#event-filters" hx-target="closest li" hx-swap="outerHTML">
            Load more
          </button>
        </li>
      ) : null}
      {props.cursor !== undefined ? <input type="hidden" id="events-after" name="after" value={String(props.cursor)} hx-swap-oob="true" /> : null}
      {props.emptyNotice === 'remove' ? <li id="events-empty" hx-swap-oob="delete"></li> : null}
    </>
  );
}

export function EventItem(props: { row: EventItemView }) {
  const e = props.row;
  const details = e.principal ? [...e.details, `by ${e.principal}`] : e.details;
  return (
    <li
      class={`event kind-${e.kind} tone-${e.tone}`}
      id={`event-${e.id}`}
      data-event-id={String(e.id)}
      data-time-nano={e.timeNano}
      data-type={e.type}
      data-action={e.action}
      data-actor-id={e.actorId}
    >
      <time datetime={e.time} title={e.time}>
        {eventClock(e.time)}
      </time>
      <span class="event-kind">{e.type}</span>
      <span class="event-action">{e.action}</span>
      <span class="event-actor" title={e.actorId}>
        {e.actorName || e.actorId.slice(0, 12) || '—'}
      </span>
      <span class="event-details">{details.join(' · ')}</span>
    </li>
  );
}

/** `YYYY-MM-DD HH:MM:SS` in the server's time zone. */
function eventClock(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
