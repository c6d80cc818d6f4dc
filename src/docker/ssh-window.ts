import type { ClientChannel } from 'ssh2';

/**
 * How far ahead of what has arrived the engine may send an answer that is read whole. ssh2 opens every channel with a
 * 2 MiB window and tops it up only to 2 MiB, once half is used: with the host's main thread busy parsing, the engine
 * ran out of window and then waited for an adjust and for sshd and its own turn to refill (a cold read of 10,000 tasks,
 * 11 MB, slept ~70 ms of its ~220 that way; over a 40 ms round trip, hundreds). Granting the whole answer at once (64
 * MiB, the previous way) cost the other side instead: sshd takes what the window allows and the network cannot carry
 * yet into its own buffer, which OpenSSH grows 16 KiB at a time with a copy of the whole buffer each time
 * (recallocarray), so its CPU grows with the square of what it holds: 200-900 ms in one read out of ten or twenty when
 * the host fell behind, the slowest cold reads. 4 MiB kept ahead feeds the host without gaps on a LAN and nearly so over
 * a 40 ms round trip, and bounds what sshd holds to about what the kernel's socket buffers hold anyway.
 */
export const READ_AHEAD_WINDOW = 4 * 1024 * 1024;

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
 * Keeps the server's window on `channel` (RFC 4254 §5.2) `bytes` ahead of what has arrived, topped up once half of it
 * is used, for as long as the reader takes the data as it comes: when the channel's reader stops taking it (`push`
 * answers false), ssh2's own pace (2 MiB, granted as the reader takes data) applies, so a paused reader holds in
 * memory no more than one window.
 */
export function keepWindowAhead(channel: ClientChannel, bytes: number): void {
  const parts = windowParts(channel);
  if (!parts) return;
  const topUp = () => {
    const grant = bytes - parts.incoming.window;
    if (grant <= 0 || field(channel.outgoing, 'state') !== 'open') return;
    parts.incoming.window += grant;
    parts.adjust(parts.channelId, grant);
  };
  topUp();
  // ssh2 hands each packet's data to `push`; a top-up after it costs one small message per half window.
  const push = channel.push;
  channel.push = function (this: ClientChannel, chunk: unknown, encoding?: BufferEncoding): boolean {
    const taken = push.call(this, chunk, encoding);
    if (taken && chunk !== null && parts.incoming.window <= bytes / 2) topUp();
    return taken;
  };
}
