import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '../domain/swarm-event-effects.ts';
import { LiveFanout, type ViewerMessage } from './live-fanout.ts';
import type { LiveListener, LiveMessage } from './swarm-event-hub.ts';

/** The hub's narrow interface: subscribers per cluster, and a way to publish to them. */
function fakeHub() {
  const listeners = new Map<number, Set<LiveListener>>();
  return {
    listeners,
    subscribe(clusterId: number, listener: LiveListener) {
      const set = listeners.get(clusterId) ?? new Set();
      listeners.set(clusterId, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    publish(clusterId: number, message: LiveMessage) {
      for (const l of listeners.get(clusterId) ?? []) l(message);
    },
  };
}

const event = (n: number): LiveEvent => ({
  type: 'service',
  action: 'update',
  actorId: `s${n}`,
  actorName: `svc-${n}`,
  time: new Date(Date.now()).toISOString(),
});
const logger = { debug() {}, info() {}, warn() {}, error() {} };

describe('LiveFanout', () => {
  let hub: ReturnType<typeof fakeHub>;
  let fanout: LiveFanout;

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-12-06T22:00:00.000Z') });
    hub = fakeHub();
    fanout = new LiveFanout(hub, logger, 250);
  });
  afterEach(() => vi.useRealTimers());

  it('sends an event at once, then gathers those of the next window into one message', () => {
    const got: ViewerMessage[] = [];
    fanout.subscribe(1, (m) => got.push(m));
    hub.publish(1, { kind: 'event', event: event(1) });
    expect(got).toEqual([{ kind: 'events', count: 1, first: '2026-12-06T22:00:00.000Z', latest: event(1) }]);

    vi.advanceTimersByTime(50);
    const second = event(2);
    hub.publish(1, { kind: 'event', event: second });
    vi.advanceTimersByTime(100);
    hub.publish(1, { kind: 'event', event: event(3) });
    hub.publish(1, { kind: 'event', event: event(4) });
    expect(got).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(got).toHaveLength(2);
    expect(got[1]).toMatchObject({ kind: 'events', count: 3, first: second.time, latest: { actorId: 's4' } });
    vi.advanceTimersByTime(1000);
    expect(got).toHaveLength(2);
  });

  it('sends the events the hub noted together as one message, with the last of them', () => {
    const got: ViewerMessage[] = [];
    fanout.subscribe(1, (m) => got.push(m));
    hub.publish(1, { kind: 'event', event: event(1), more: true });
    hub.publish(1, { kind: 'event', event: event(2), more: true });
    expect(got).toEqual([]);
    hub.publish(1, { kind: 'event', event: event(3) });
    expect(got).toEqual([{ kind: 'events', count: 3, first: event(1).time, latest: event(3) }]);
    // A batch inside a window waits for the window's end, as single events do.
    hub.publish(1, { kind: 'event', event: event(4), more: true });
    hub.publish(1, { kind: 'event', event: event(5) });
    expect(got).toHaveLength(1);
    vi.advanceTimersByTime(250);
    expect(got[1]).toMatchObject({ kind: 'events', count: 2, latest: { actorId: 's5' } });
    vi.advanceTimersByTime(1000);
    expect(got).toHaveLength(2);
  });

  it('keeps a storm to one message per window', () => {
    let messages = 0;
    let events = 0;
    fanout.subscribe(1, (m) => {
      messages++;
      if (m.kind === 'events') events += m.count;
    });
    for (let ms = 0; ms < 5000; ms++) {
      hub.publish(1, { kind: 'event', event: event(ms) });
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(250);
    expect(events).toBe(5000);
    expect(messages).toBeLessThanOrEqual(5000 / 250 + 1);
  });

  it('passes a stream status change at once', () => {
    const got: ViewerMessage[] = [];
    fanout.subscribe(1, (m) => got.push(m));
    hub.publish(1, { kind: 'event', event: event(1) });
    hub.publish(1, { kind: 'event', event: event(2) });
    hub.publish(1, { kind: 'status', status: { state: 'reconnecting', since: '2026-12-06T22:00:00.000Z', reason: 'gone' } });
    expect(got.map((m) => m.kind)).toEqual(['events', 'status']);
  });

  it('subscribes to the hub once per cluster however many watch, hands all the same message, and lets go with the last', () => {
    const got: ViewerMessage[][] = [[], [], []];
    const leave = got.map((list) => fanout.subscribe(7, (m) => list.push(m)));
    expect(hub.listeners.get(7)?.size).toBe(1);
    expect(fanout.viewerCount(7)).toBe(3);
    expect(fanout.stats()).toEqual({ viewers: 3, clusters: 1 });
    hub.publish(7, { kind: 'event', event: event(1) });
    expect(got[0]![0]).toBe(got[2]![0]);

    hub.publish(7, { kind: 'event', event: event(2) });
    for (const l of leave) l();
    expect(hub.listeners.get(7)?.size).toBe(0);
    expect(fanout.viewerCount(7)).toBe(0);
    expect(fanout.stats()).toEqual({ viewers: 0, clusters: 0 });
    // The window's pending message goes nowhere, and no timer is left behind.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps telling the other viewers when one listener throws', () => {
    const warn = vi.fn();
    fanout = new LiveFanout(hub, { ...logger, warn }, 250);
    const got: ViewerMessage[] = [];
    fanout.subscribe(1, () => {
      throw new Error('broken pipe');
    });
    fanout.subscribe(1, (m) => got.push(m));
    hub.publish(1, { kind: 'event', event: event(1) });
    expect(got).toHaveLength(1);
    expect(warn).toHaveBeenCalledWith('live viewer listener failed', { error: 'Error: broken pipe' });
  });
});
