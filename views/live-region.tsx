/**
 * A part of a page that re-renders itself: on every swarm event (the live script dispatches
 * `swarm-changed` on body) and, while the live stream is down (body has class `polling`), every 5 s.
 * The partial URL answers with the region itself (outerHTML swap).
 */
import type { Child } from 'hono/jsx';

export const LIVE_TRIGGER = "swarm-changed from:body throttle:500ms, every 5s [document.body.classList.contains('polling')]";

export function LiveRegion(props: { id: string; url: string; class?: string; include?: string; children?: Child }) {
  return (
    <div
      id={props.id}
      class={`cl-live ${props.class ?? ''}`.trim()}
      hx-get={props.url}
      hx-trigger={LIVE_TRIGGER}
      hx-swap="outerHTML"
      hx-include={props.include}
      hx-disinherit="*"
    >
      {props.children}
    </div>
  );
}
