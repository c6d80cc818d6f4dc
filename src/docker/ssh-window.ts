import type { ClientChannel } from 'ssh2';

/**
 * How far ahead of what has arrived the engine may send an answer that is read whole, at the least (a LAN). ssh2 opens
 * every channel with a 2 MiB window and tops it up only to 2 MiB, once half is used: with the host's main thread busy
 * parsing, the engine ran out of window and then waited for an adjust and for sshd and its own turn to refill (a cold
 * read of 10,000 tasks, 11 MB, slept ~70 ms of its ~220 that way; over a 40 ms round trip, hundreds). Granting the
 * whole answer at once (64 MiB, the previous way) cost the other side instead: sshd takes what the window allows and
 * the network cannot carry yet into its own buffer, which OpenSSH grows 16 KiB at a time with a copy of the whole
 * buffer each time (recallocarray), so its CPU grows with the square of what it holds: 200-900 ms in one read out of
 * ten or twenty when the host fell behind, the slowest cold reads. 4 MiB kept ahead feeds the host without gaps on a
 * LAN and bounds what sshd holds to about what the kernel's socket buffers hold anyway.
 */
export const READ_AHEAD_WINDOW = 4 * 1024 * 1024;
/** The most kept ahead, however long the round trip: the whole window an earlier version granted at once. */
export const MAX_READ_AHEAD_WINDOW = 64 * 1024 * 1024;
/** About the rate the host takes an answer in (parsed on its scan thread): what a window must keep coming. */
const HOST_INTAKE_BYTES_PER_SECOND = 128 * 1024 * 1024;

/**
 * The window to keep ahead over a round trip of `roundTripMs` (bandwidth times delay): what the host takes in over
 * two round trips, since the window is topped up once half of it is used and that half has to last the round trip
 * the top-up takes. 4 MiB up to a round trip of ~16 ms (a LAN, or a link whose round trip is unknown), 10 MiB at
 * 40 ms, 64 MiB from 250 ms: over a 40 ms round trip 4 MiB let a cold read of 100 nodes idle ~100 ms more than 64 MiB
 * did. An unknown round trip (Infinity: no channel opened to the socket yet) is taken for a LAN's.
 */
export function readAheadWindow(roundTripMs: number): number {
  if (!Number.isFinite(roundTripMs)) return READ_AHEAD_WINDOW;
  const bandwidthDelay = Math.ceil((2 * HOST_INTAKE_BYTES_PER_SECOND * roundTripMs) / 1000);
  return Math.min(MAX_READ_AHEAD_WINDOW, Math.max(READ_AHEAD_WINDOW, bandwidthDelay));
}

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
