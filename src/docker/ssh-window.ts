import type { ClientChannel } from 'ssh2';

/**
 * How far ahead of the reader the engine may send an answer that is read whole. ssh2 opens every channel with a
 * 2 MiB window and grants more only as the reader takes the data, and the host's reader parses each part as it takes
 * it: the engine could run 2 MiB ahead of the parse, then waited for a window adjust, then for sshd and its own turn to
 * refill. A cold read of 10,000 tasks (11 MB) slept ~70 ms of its ~220 that way. With this window the whole answer
 * leaves the server at once and waits in the socket buffers (kernel memory, bounded by TCP's own window), so the
 * host parses without gaps; a larger answer gets this much ahead, then ssh2's own pace.
 */
export const WHOLE_ANSWER_WINDOW = 64 * 1024 * 1024;

/**
 * The parts of ssh2's channel (1.x) that hold the receive window: not public API, so looked for and left alone when
 * they are not there (the channel then keeps ssh2's window; the transport's lab test fails, as a reminder).
 */
interface WindowParts {
  incoming: { window: number };
  channelId: number;
  adjust: (channelId: number, amount: number) => void;
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function windowParts(channel: ClientChannel): WindowParts | undefined {
  const { incoming, outgoing } = channel;
  const protocol = field(field(channel, '_client'), '_protocol');
  const adjust = field(protocol, 'channelWindowAdjust');
  const channelId = field(outgoing, 'id');
  if (typeof field(incoming, 'window') !== 'number' || typeof channelId !== 'number' || typeof adjust !== 'function') return undefined;
  if (field(outgoing, 'state') !== 'open') return undefined;
  return { incoming: incoming as WindowParts['incoming'], channelId, adjust: (id, amount) => adjust.call(protocol, id, amount) };
}

/**
 * Grants the server `bytes` of window on `channel` (RFC 4254 §5.2), for an answer its reader takes as fast as it comes.
 * ssh2 keeps its own pace once the window is back below half of its default; the reader must not pause the channel
 * meanwhile, or ssh2 holds in memory what the server sends.
 */
export function widenWindow(channel: ClientChannel, bytes: number): void {
  const parts = windowParts(channel);
  if (!parts) return;
  const grant = bytes - parts.incoming.window;
  if (grant <= 0) return;
  parts.incoming.window += grant;
  parts.adjust(parts.channelId, grant);
}
