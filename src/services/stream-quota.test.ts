import { describe, expect, it } from 'vitest';
import { ServiceError } from './errors.ts';
import { StreamQuota } from './stream-quota.ts';

describe('StreamQuota', () => {
  it('refuses a user past the cap with too_many_streams, and gives a stream back when its signal aborts', () => {
    const quota = new StreamQuota(2);
    const first = new AbortController();
    quota.claim('u1', first.signal);
    quota.claim('u1', new AbortController().signal);
    const refused = (() => {
      try {
        quota.claim('u1', new AbortController().signal);
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(ServiceError);
    expect(refused).toMatchObject({ code: 'too_many_streams', details: { limit: 2 } });
    // Another user is not held back by the first one's streams.
    quota.claim('u2', new AbortController().signal);

    first.abort();
    first.abort();
    expect(quota.heldBy('u1')).toBe(1);
    quota.claim('u1', new AbortController().signal);
    expect(quota.heldBy('u1')).toBe(2);
  });

  it('gives a stream back at once when its signal was aborted already, and once only when released twice', () => {
    const quota = new StreamQuota(2);
    quota.claim('u1', AbortSignal.abort());
    expect(quota.heldBy('u1')).toBe(0);
    const signal = new AbortController();
    quota.claim('u1', new AbortController().signal);
    const release = quota.claim('u1', signal.signal);
    release();
    signal.abort();
    release();
    expect(quota.heldBy('u1')).toBe(1);
  });
});
