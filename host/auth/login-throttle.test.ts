import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.ts';

const settings = { accountFailures: 3, addressFailures: 5, baseDelayMs: 1000, maxDelayMs: 8000, decayMs: 60_000 };
const alice = { account: 'alice@example.com', address: '203.0.113.1' };

function failTimes(throttle: LoginThrottle, attempt: typeof alice, times: number, now: number): void {
  for (let i = 0; i < times; i++) throttle.countAttempt(attempt, now);
}

describe('LoginThrottle', () => {
  it('lets an account fail up to the threshold, then doubles the wait with each failure, up to the cap', () => {
    const throttle = new LoginThrottle(settings);
    failTimes(throttle, alice, 2, 0);
    expect(throttle.waitMs(alice, 0)).toBe(0);
    const waits = [];
    for (let i = 0; i < 6; i++) {
      throttle.countAttempt(alice, 0);
      waits.push(throttle.waitMs(alice, 0));
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect(throttle.waitMs(alice, 7999)).toBe(1);
    expect(throttle.waitMs(alice, 8000)).toBe(0);
  });

  it('counts an account from any address, and an address over any accounts', () => {
    const throttle = new LoginThrottle(settings);
    for (let i = 0; i < 3; i++) throttle.countAttempt({ ...alice, address: `198.51.100.${i}` }, 0);
    expect(throttle.waitMs({ ...alice, address: '192.0.2.9' }, 0)).toBe(1000);

    const sprayer = '192.0.2.66';
    for (let i = 0; i < 5; i++) throttle.countAttempt({ account: `user${i}@example.com`, address: sprayer }, 0);
    expect(throttle.waitMs({ account: 'someone-new@example.com', address: sprayer }, 0)).toBe(1000);
    expect(throttle.waitMs({ account: 'someone-new@example.com', address: '192.0.2.67' }, 0)).toBe(0);
  });

  it('forgives one failure per decay period, so the real user is never locked out for good', () => {
    const throttle = new LoginThrottle(settings);
    failTimes(throttle, alice, 10, 0);
    expect(throttle.waitMs(alice, 0)).toBe(8000);
    // After the wait and some quiet time, a failure waits less than before, and long quiet forgets all.
    throttle.countAttempt(alice, 6 * 60_000);
    expect(throttle.waitMs(alice, 6 * 60_000)).toBe(4000);
    throttle.countAttempt(alice, 60 * 60_000);
    expect(throttle.waitMs(alice, 60 * 60_000)).toBe(0);
  });

  it('clears the account after a successful login, and takes back only that attempt from the address', () => {
    const throttle = new LoginThrottle(settings);
    failTimes(throttle, alice, 5, 0);
    throttle.countAttempt(alice, 0);
    throttle.succeeded(alice, 0);
    expect(throttle.waitMs({ ...alice, address: undefined }, 0)).toBe(0);
    expect(throttle.waitMs(alice, 0)).toBe(2000);

    const bob = { account: 'bob@example.com', address: '203.0.113.2' };
    throttle.countAttempt(bob, 0);
    throttle.succeeded(bob, 0);
    failTimes(throttle, { ...bob, account: 'x@example.com' }, 4, 0);
    expect(throttle.waitMs(bob, 0)).toBe(0);
  });
});
