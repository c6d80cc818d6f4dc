import { isUpdateOutOfSequence } from './errors.ts';

export interface VersionedObject {
  Version: { Index: number };
  Spec: unknown;
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
}

/**
 * Read-modify-write guarded by the object's version. When someone else wrote in between, Docker answers
 * "update out of sequence" (HTTP 500): read again, re-apply the change, write again.
 */
export async function updateWithRetry<Obj extends VersionedObject, Result>(
  options: UpdateWithRetryOptions<Obj, Result>,
): Promise<Result> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const current = await options.read();
    const spec = options.modify(structuredClone(current.Spec), current);
    try {
      return await options.write(current.Version.Index, spec);
    } catch (error) {
      if (!isUpdateOutOfSequence(error) || attempt >= attempts) throw error;
    }
  }
}
