import { describe, expect, it } from 'vitest';
import { DockerError, errorFromResponse } from './errors.ts';
import { updateWithRetry } from './update-with-retry.ts';

const outOfSequence = () => errorFromResponse(500, '{"message":"rpc error: code = Unknown desc = update out of sequence"}');

function store(initial: { replicas: number }) {
  let object = { Version: { Index: 1 }, Spec: { ...initial } };
  return {
    reads: 0,
    read(this: { reads: number }) {
      this.reads++;
      return Promise.resolve(structuredClone(object));
    },
    bumpBehindOurBack() {
      object = { Version: { Index: object.Version.Index + 1 }, Spec: { ...object.Spec } };
    },
    write(version: number, spec: { replicas: number }) {
      if (version !== object.Version.Index) return Promise.reject(outOfSequence());
      object = { Version: { Index: version + 1 }, Spec: spec };
      return Promise.resolve(object.Version.Index);
    },
    get current() {
      return object;
    },
  };
}

describe('updateWithRetry', () => {
  it('writes with the version it read', async () => {
    const s = store({ replicas: 1 });
    const version = await updateWithRetry({
      read: () => s.read(),
      modify: (spec) => ({ ...spec, replicas: 3 }),
      write: (v, spec) => s.write(v, spec),
      alreadyApplied: () => 0,
    });
    expect(version).toBe(2);
    expect(s.current.Spec.replicas).toBe(3);
  });

  it('re-reads and re-applies the change after "update out of sequence"', async () => {
    const s = store({ replicas: 1 });
    let first = true;
    const result = await updateWithRetry({
      read: () => s.read(),
      modify: (spec) => {
        // Someone else writes between our first read and our write.
        if (first) s.bumpBehindOurBack();
        first = false;
        spec.replicas += 1;
        return spec;
      },
      write: (v, spec) => s.write(v, spec),
      alreadyApplied: () => 0,
    });
    expect(s.reads).toBe(2);
    expect(result).toBe(3);
    expect(s.current.Spec.replicas).toBe(2);
  });

  it('gives up after the given attempts with the engine error', async () => {
    const s = store({ replicas: 1 });
    const error = await updateWithRetry({
      read: () => s.read(),
      modify: (spec) => (s.bumpBehindOurBack(), spec),
      write: (v, spec) => s.write(v, spec),
      alreadyApplied: () => 0,
      attempts: 3,
    }).catch((e: unknown) => e);
    expect(s.reads).toBe(3);
    expect(error).toMatchObject({ status: 500, code: 'engine' });
  });

  it('does not retry other failures', async () => {
    const s = store({ replicas: 1 });
    const error = await updateWithRetry({
      read: () => s.read(),
      modify: (spec) => spec,
      write: () => Promise.reject(new DockerError('bad_request', 'invalid spec', { status: 400 })),
      alreadyApplied: () => 0,
    }).catch((e: unknown) => e);
    expect(s.reads).toBe(1);
    expect(error).toMatchObject({ code: 'bad_request' });
  });

  it('hands modify a copy, so a failed write leaves the read object untouched', async () => {
    const original = { Version: { Index: 1 }, Spec: { replicas: 1 } };
    await updateWithRetry({
      read: () => Promise.resolve(original),
      modify: (spec) => ((spec.replicas = 9), spec),
      write: () => Promise.resolve(undefined),
      alreadyApplied: () => undefined,
    });
    expect(original.Spec.replicas).toBe(1);
  });

  it('does not apply a change twice when the answer of a write that landed was lost', async () => {
    const s = store({ replicas: 1 });
    const change = {
      read: () => s.read(),
      modify: (spec: { replicas: number }) => ({ ...spec, replicas: spec.replicas + 1 }),
      alreadyApplied: () => -1,
      record: {},
    };
    // The manager applies the write, then its answer is lost: to the caller it timed out.
    const lost = await updateWithRetry({
      ...change,
      write: async (v, spec) => (await s.write(v, spec), Promise.reject(new DockerError('timeout', 'no answer'))),
    }).catch((e: unknown) => e);
    expect(lost).toMatchObject({ code: 'timeout' });
    // Retried (through another manager): the object shows the write, so nothing is written again.
    const writes: number[] = [];
    const retried = await updateWithRetry({ ...change, write: (v, spec) => (writes.push(v), s.write(v, spec)) });
    expect(retried).toBe(-1);
    expect(writes).toEqual([]);
    expect(s.current.Spec.replicas).toBe(2);
  });

  it('applies the change again when the lost write did not land, or someone else wrote something else since', async () => {
    const s = store({ replicas: 1 });
    // One record per change, shared by its attempts.
    const change = () => ({
      read: () => s.read(),
      modify: (spec: { replicas: number }) => ({ ...spec, replicas: spec.replicas + 1 }),
      alreadyApplied: () => -1,
      record: {},
    });
    const lostOnTheWay = () => Promise.reject(new DockerError('timeout', 'no answer'));
    const first = change();
    await updateWithRetry({ ...first, write: lostOnTheWay }).catch(() => undefined);
    expect(await updateWithRetry({ ...first, write: (v, spec) => s.write(v, spec) })).toBe(2);
    expect(s.current.Spec.replicas).toBe(2);

    const second = change();
    await updateWithRetry({ ...second, write: lostOnTheWay }).catch(() => undefined);
    s.bumpBehindOurBack();
    expect(await updateWithRetry({ ...second, write: (v, spec) => s.write(v, spec) })).toBe(4);
    expect(s.current.Spec.replicas).toBe(3);
  });
});
