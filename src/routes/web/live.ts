/**
 * `GET <web mount>/:uuid/live`: the cluster's swarm events and stream status as Server-Sent Events, for
 * the live script of the pages. Every viewer subscribes to the one stream the plugin keeps per cluster,
 * gathered (`LiveFanout`): a `swarm` frame stands for every event of a short window (the newest event, with
 * `count` and the `first` one's time). A page says which events it was rendered after (`?since=`, the hub's mark): a
 * stream opened after more came starts with a `swarm` frame, so the page asks for what they changed. Nothing here
 * talks to Docker.
 */
import { Hono } from 'hono';
import type { ViewerMessage } from '../../services/live-fanout.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import type { PluginEnv } from '../auth.ts';
import { pushStream } from '../push-stream.ts';
import { HEARTBEAT_MS } from '../sse.ts';
import { clusterScope } from './page-support.ts';

/** How long the browser waits before reconnecting a dropped stream. */
const RETRY_MS = 3000;
/** Frames held for a client that does not read; beyond that the oldest are dropped (the page re-renders anyway). */
const MAX_QUEUED = 200;

/** One SSE frame. JSON never contains a raw newline, so `data` is one line. */
export function sseFrame(event: 'swarm' | 'status', data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function liveFrame(message: ViewerMessage): string {
  if (message.kind === 'status') return sseFrame('status', message.status);
  return sseFrame('swarm', { ...message.latest, count: message.count, first: message.first });
}

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(': heartbeat\n\n');
const OPENING = `retry: ${RETRY_MS}\n\n`;
const MISSED = sseFrame('swarm', { type: 'stream', action: 'missed' });

/**
 * A message's frame as bytes, encoded once for every viewer it goes to: written as a string, each viewer's stream
 * would encode its own copy (500 viewers in a storm of events made ~1 MB a second of buffers to collect).
 */
export function sharedFrames(): (message: ViewerMessage) => Uint8Array {
  const frames = new WeakMap<ViewerMessage, Uint8Array>();
  return (message) => {
    let frame = frames.get(message);
    if (frame === undefined) frames.set(message, (frame = encoder.encode(liveFrame(message))));
    return frame;
  };
}

export function liveRoutes(ctx: Pick<PluginServices, 'host' | 'clusters' | 'live' | 'liveViewers'>): Hono<PluginEnv> {
  const app = new Hono<PluginEnv>();
  const frameOf = sharedFrames();

  app.get('/:uuid/live', clusterScope(ctx), (c) => {
    // Only the id is kept for as long as the page stays: not the cluster's row (its join tokens) or the request.
    const clusterId = c.get('cluster').id;
    // The status `off`: the plugin keeps no stream for the cluster. Events told between the page's render (`since`)
    // and now reached no page: a frame says the page missed some. The opening is one piece.
    const since = c.req.query('since');
    const missed = since !== undefined && since !== ctx.live.told(clusterId);
    const status = sseFrame('status', ctx.live.status(clusterId) ?? { state: 'off' });
    const opening = [encoder.encode(`${OPENING}${status}${missed ? MISSED : ''}`)];
    const body = pushStream(opening, MAX_QUEUED, (push) => {
      const unsubscribe = ctx.liveViewers.subscribe(clusterId, (message) => push(frameOf(message)));
      const heartbeat = setInterval(() => push(HEARTBEAT), HEARTBEAT_MS);
      return () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
    });
    return c.body(body, 200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      // Says the body flows as it comes: compression and the adapter's length probe leave it alone.
      'Transfer-Encoding': 'chunked',
      Connection: 'keep-alive',
      // Reverse proxies (nginx) must pass frames through as they come.
      'X-Accel-Buffering': 'no',
    });
  });

  return app;
}
