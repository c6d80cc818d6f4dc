import { describe, expect, it } from 'vitest';
import { checkDemotion, checkPromotion, type ManagerFacts, quorumOf } from './manager-quorum.ts';

const manager = (id: string, reachability = 'reachable', status = 'ready'): ManagerFacts => ({
  id,
  hostname: id,
  role: 'manager',
  status,
  managerReachability: reachability,
});
const worker = (id: string, status = 'ready'): ManagerFacts => ({ id, hostname: id, role: 'worker', status, managerReachability: null });

describe('quorumOf', () => {
  it('is a majority', () => {
    expect([1, 2, 3, 4, 5].map(quorumOf)).toEqual([1, 2, 2, 3, 3]);
  });
});

describe('checkDemotion', () => {
  it('refuses the last manager', () => {
    const verdict = checkDemotion([manager('m1'), worker('w1')], 'm1');
    expect(verdict).toEqual({ ok: false, reason: expect.stringMatching(/m1 is the last manager/) });
  });

  it('refuses a worker and an unknown node', () => {
    expect(checkDemotion([manager('m1'), worker('w1')], 'w1')).toMatchObject({ ok: false, reason: 'w1 is a worker already' });
    expect(checkDemotion([manager('m1')], 'x')).toMatchObject({ ok: false });
  });

  it('allows demoting one of two healthy managers (one left, its own majority)', () => {
    expect(checkDemotion([manager('m1'), manager('m2')], 'm2')).toEqual({ ok: true });
  });

  it('allows demoting one of three when the other two are reachable', () => {
    expect(checkDemotion([manager('m1'), manager('m2'), manager('m3')], 'm3')).toEqual({ ok: true });
  });

  it('refuses when the managers left would not have a reachable majority', () => {
    // 3 managers, m2 unreachable: demoting m3 leaves m1 + m2 with only m1 reachable (needs 2).
    const verdict = checkDemotion([manager('m1'), manager('m2', 'unreachable'), manager('m3')], 'm3');
    expect(verdict).toEqual({ ok: false, reason: expect.stringMatching(/lose quorum: 1 of the 2 remaining managers.*needs 2/) });
  });

  it('allows demoting the unreachable manager itself (it restores a majority)', () => {
    // 4 managers, m4 unreachable: 3 of 4 reachable; demoting m4 leaves 3 of 3.
    const nodes = [manager('m1'), manager('m2'), manager('m3'), manager('m4', 'unreachable')];
    expect(checkDemotion(nodes, 'm4')).toEqual({ ok: true });
  });
});

describe('checkPromotion', () => {
  it('allows a ready worker', () => {
    expect(checkPromotion([manager('m1'), worker('w1')], 'w1')).toEqual({ ok: true });
  });

  it('refuses a down worker when it would cost quorum (1 of 2 reachable)', () => {
    expect(checkPromotion([manager('m1'), worker('w1', 'down')], 'w1')).toMatchObject({ ok: false, reason: expect.stringMatching(/would lose quorum/) });
  });

  it('refuses a manager', () => {
    expect(checkPromotion([manager('m1')], 'm1')).toMatchObject({ ok: false, reason: 'm1 is a manager already' });
  });
});
