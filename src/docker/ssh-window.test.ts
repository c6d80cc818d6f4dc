import { describe, expect, it } from 'vitest';
import { MAX_READ_AHEAD_WINDOW, READ_AHEAD_WINDOW, readAheadWindow } from './ssh-window.ts';

const MiB = 1024 * 1024;

describe('the window kept ahead of an answer read whole', () => {
  it('is 4 MiB on a LAN and for a round trip not measured yet', () => {
    for (const roundTripMs of [0, 0.2, 2, 10, 15]) expect(readAheadWindow(roundTripMs), `${roundTripMs} ms`).toBe(READ_AHEAD_WINDOW);
    expect(readAheadWindow(Number.POSITIVE_INFINITY)).toBe(READ_AHEAD_WINDOW);
    expect(READ_AHEAD_WINDOW).toBe(4 * MiB);
  });

  it('grows with the round trip past ~16 ms: what the host takes in over two of them', () => {
    expect(readAheadWindow(40)).toBe(Math.ceil(10.24 * MiB));
    expect(readAheadWindow(80)).toBe(Math.ceil(20.48 * MiB));
    expect(readAheadWindow(20)).toBeGreaterThan(READ_AHEAD_WINDOW);
  });

  it('is at most 64 MiB however long the round trip', () => {
    expect(readAheadWindow(250)).toBe(MAX_READ_AHEAD_WINDOW);
    expect(readAheadWindow(5_000)).toBe(MAX_READ_AHEAD_WINDOW);
    expect(MAX_READ_AHEAD_WINDOW).toBe(64 * MiB);
  });
});
