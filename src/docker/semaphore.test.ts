import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore.ts';

describe('Semaphore', () => {
  it('grants up to the limit at once and queues the rest in order', async () => {
    const semaphore = new Semaphore(2);
    const first = await semaphore.acquire();
    await semaphore.acquire();
    const order: number[] = [];
    const third = semaphore.acquire().then((release) => (order.push(3), release));
    const fourth = semaphore.acquire().then((release) => (order.push(4), release));
    expect(semaphore.active).toBe(2);
    expect(semaphore.waiting).toBe(2);

    first();
    first(); // a second release of the same grant is ignored
    const releaseThird = await third;
    expect(order).toEqual([3]);
    expect(semaphore.active).toBe(2);
    expect(semaphore.waiting).toBe(1);

    releaseThird();
    await fourth;
    expect(order).toEqual([3, 4]);
    expect(semaphore.waiting).toBe(0);
  });

  it('frees the slot when the last holder releases', async () => {
    const semaphore = new Semaphore(1);
    (await semaphore.acquire())();
    expect(semaphore.active).toBe(0);
  });

  it('drops an aborted waiter from the queue', async () => {
    const semaphore = new Semaphore(1);
    const release = await semaphore.acquire();
    const controller = new AbortController();
    const waiting = semaphore.acquire(controller.signal);
    controller.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
    expect(semaphore.waiting).toBe(0);
    release();
    expect(semaphore.active).toBe(0);
  });

  it('rejects a limit below one', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
