/**
 * A part of a page that re-renders itself: on every swarm event (the live script dispatches
 * `swarm-changed` on body) and, while the live stream is down, on its `live-poll` tick every 5 s.
 * While what it shows is converging (tasks being placed, started or stopped, which the event stream
 * mostly does not report), it also asks again a second later for a fresh read (`settle=1`).
 * The partial URL answers with the region itself (outerHTML swap). Its requests mark only the time of the read
 * (`htmx-request` on `.cl-fetched`, none when it has none): on the region, the class would restyle and repaint every
 * button in it (dimmed while a request runs) twice per live refresh, thousands at 10,000 tasks.
 */
import type { Child } from 'hono/jsx';

/**
 * `live-poll`: the live script's tick every 5 s while the stream is down (an htmx filter would need eval). No htmx
 * `throttle`: it drops what comes inside its window, so a change told just after another (an operation's answer, then
 * its event) went unseen; the live script holds a region's request to once a second instead, never dropping one.
 */
export const LIVE_TRIGGER = 'swarm-changed from:body, live-poll from:body';

/** `live-settle`: what the live script sends a converging region a second after patching it (its root stays). */
export const SETTLE_TRIGGER = 'load delay:1s, live-settle';

export function LiveRegion(props: {
  id: string;
  url: string;
  class?: string;
  include?: string;
  /** Another event (sent to the region itself) that makes it ask again. */
  trigger?: string;
  converging?: boolean;
  children?: Child;
}) {
  const triggers = [LIVE_TRIGGER, ...(props.trigger ? [props.trigger] : []), ...(props.converging ? [SETTLE_TRIGGER] : [])].join(', ');
  return (
    <div
      id={props.id}
      class={`cl-live ${props.class ?? ''}`.trim()}
      hx-get={props.url}
      hx-trigger={triggers}
      hx-vals={props.converging ? '{"settle":"1"}' : undefined}
      data-converging={props.converging ? 'true' : undefined}
      hx-swap="outerHTML"
      hx-include={props.include}
      hx-indicator={`#${props.id} .cl-fetched`}
      hx-disinherit="*"
    >
      {props.children}
    </div>
  );
}
