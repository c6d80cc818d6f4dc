import { describe, expect, it } from 'vitest';
import { checkNodeRemoval, type RemovalFacts } from './node-removal.ts';

const node = (over: Partial<RemovalFacts>): RemovalFacts => ({ hostname: 'w1', role: 'worker', status: 'down', availability: 'drain', ...over });

describe('checkNodeRemoval', () => {
  it('allows a drained worker that is down', () => {
    expect(checkNodeRemoval(node({}), { force: false })).toEqual({ ok: true });
  });

  it('refuses a worker that is up or not drained, unless forced (with a warning)', () => {
    expect(checkNodeRemoval(node({ status: 'ready' }), { force: false })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/only a drained node that is down/),
    });
    expect(checkNodeRemoval(node({ availability: 'active' }), { force: false })).toMatchObject({ ok: false });
    expect(checkNodeRemoval(node({ status: 'ready', availability: 'active' }), { force: true })).toMatchObject({
      ok: true,
      warning: expect.stringMatching(/forced removal/),
    });
  });

  it('refuses a manager even with force: demote first', () => {
    expect(checkNodeRemoval(node({ role: 'manager' }), { force: true })).toMatchObject({ ok: false, reason: expect.stringMatching(/demote it/) });
  });
});
