/**
 * How many long-lived streams (followed logs) each user holds open. Each one holds an SSH channel to a manager
 * for as long as it is watched: one user must not be able to take every stream the servers allow.
 */
import { ServiceError } from './errors.ts';

export class StreamQuota {
  private readonly held = new Map<string, number>();

  constructor(private readonly perUser: number) {}

  /**
   * Takes one of the user's streams until `signal` aborts (the client left, or the stream ended) or the returned
   * function is called (the stream could not be opened), or refuses with `too_many_streams` when the user holds
   * the most already.
   */
  claim(userId: string, signal: AbortSignal): () => void {
    const held = this.held.get(userId) ?? 0;
    if (held >= this.perUser) {
      throw new ServiceError('too_many_streams', `you follow ${held} log streams already, the most one user may: close one and try again`, {
        limit: this.perUser,
      });
    }
    this.held.set(userId, held + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      signal.removeEventListener('abort', release);
      const left = (this.held.get(userId) ?? 1) - 1;
      if (left > 0) this.held.set(userId, left);
      else this.held.delete(userId);
    };
    if (signal.aborted) release();
    else signal.addEventListener('abort', release, { once: true });
    return release;
  }

  /** Streams the user holds open now. */
  heldBy(userId: string): number {
    return this.held.get(userId) ?? 0;
  }
}
