import { isDeepStrictEqual } from 'node:util';
import { isUpdateOutOfSequence } from './errors.ts';

export interface VersionedObject {
  Version: { Index: number };
  Spec: unknown;
}

/**
 * What the last write of one change sent, kept by the caller across retries on other managers: a write whose
 * answer was lost (the manager timed out after applying it) must not be applied a second time.
 */
export interface WriteRecord<Spec> {
  sent?: { version: number; spec: Spec };
}

export interface UpdateWithRetryOptions<Obj extends VersionedObject, Result> {
  /** A fresh read of the object (inspect). */
  read(): Promise<Obj>;
  /** The change, applied to a private copy of the spec; may mutate it and return it. */
  modify(spec: Obj['Spec'], current: Obj): Obj['Spec'];
  /** The write, carrying the version the spec was read at. */
  write(version: number, spec: Obj['Spec']): Promise<Result>;
  /** Writes tried before giving up (default 5). */
  attempts?: number;
  /** Shared by every attempt at this change, also those through another manager (default: this call only). */
  record?: WriteRecord<Obj['Spec']>;
  /**
   * Whether the object shows the write that sent `spec` applied (default: its spec is `spec`). Asked only when
   * the object was written since the version sent.
   */
  landed?(current: Obj, spec: Obj['Spec']): boolean;
  /** The result of a write found applied already. */
  alreadyApplied(current: Obj): Result;
}

/**
 * Read-modify-write guarded by the object's version. When someone else wrote in between, Docker answers
 * "update out of sequence" (HTTP 500): read again, re-apply the change, write again. When an earlier attempt's
 * answer was lost, the read says whether it landed: then nothing is written again.
 */
export async function updateWithRetry<Obj extends VersionedObject, Result>(options: UpdateWithRetryOptions<Obj, Result>): Promise<Result> {
  const attempts = options.attempts ?? 5;
  const record = options.record ?? {};
  const landed = options.landed ?? ((current: Obj, spec: Obj['Spec']) => isDeepStrictEqual(current.Spec, spec));
  for (let attempt = 1; ; attempt++) {
    const current = await options.read();
    const { sent } = record;
    if (sent && current.Version.Index > sent.version && landed(current, sent.spec)) return options.alreadyApplied(current);
    const spec = options.modify(structuredClone(current.Spec), current);
    record.sent = { version: current.Version.Index, spec };
    try {
      return await options.write(current.Version.Index, spec);
    } catch (error) {
      // Refused for its version: certainly not applied.
      if (isUpdateOutOfSequence(error)) record.sent = undefined;
      if (!isUpdateOutOfSequence(error) || attempt >= attempts) throw error;
    }
  }
}
