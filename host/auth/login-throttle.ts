/**
 * Slows down password guessing, per account and per client address: after a threshold of failures each
 * further one doubles the wait (up to a cap), answered with 429 and `Retry-After`. Failures are forgiven
 * one per `decayMs` without failures, so the real user is never locked out for good, and a successful login
 * clears its account's count. A success takes back only its own attempt from the address count: a guesser
 * holding one valid account could otherwise reset it between guesses. In memory: a restart forgets, which only ever helps the
 * user, and the map is bounded.
 */
export interface LoginThrottleSettings {
  /** Failures on one account before it has to wait. */
  accountFailures: number;
  /** Failures from one client address, whatever the accounts, before it has to wait. */
  addressFailures: number;
  /** The first wait; each further failure doubles it. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** One failure is forgiven per this much time without failures. */
  decayMs: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleSettings = {
  accountFailures: 5,
  addressFailures: 20,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  decayMs: 60_000,
};

/** Beyond this many tracked keys the forgiven ones go first, then the oldest. */
const MAX_ENTRIES = 10_000;

interface Entry {
  failures: number;
  /** When `failures` was last updated (decay counts from here). */
  since: number;
  blockedUntil: number;
}

export interface LoginAttempt {
  /** The submitted email, lower-cased. */
  account: string;
  /** The client's address, when known. */
  address: string | undefined;
}

export class LoginThrottle {
  private readonly settings: LoginThrottleSettings;
  private readonly entries = new Map<string, Entry>();

  constructor(settings: Partial<LoginThrottleSettings> = {}) {
    this.settings = { ...DEFAULT_LOGIN_THROTTLE, ...settings };
  }

  /** Milliseconds this attempt has to wait, 0 when it may go ahead. */
  waitMs(attempt: LoginAttempt, now = Date.now()): number {
    let wait = 0;
    for (const [key] of this.keys(attempt)) {
      const entry = this.entries.get(key);
      if (entry) wait = Math.max(wait, entry.blockedUntil - now);
    }
    return wait;
  }

  /**
   * Counts an attempt as a failure before its password is checked, so parallel guesses cannot all pass
   * `waitMs` before any of them has failed; `succeeded` takes it back.
   */
  countAttempt(attempt: LoginAttempt, now = Date.now()): void {
    for (const [key, threshold] of this.keys(attempt)) {
      const entry = this.decayed(key, now) ?? { failures: 0, since: now, blockedUntil: 0 };
      entry.failures += 1;
      entry.since = now;
      const excess = entry.failures - threshold;
      if (excess >= 0) {
        entry.blockedUntil = now + Math.min(this.settings.maxDelayMs, this.settings.baseDelayMs * 2 ** excess);
      }
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    this.prune(now);
  }

  /** Clears the account, and takes back the attempt counted for the address. */
  succeeded(attempt: LoginAttempt, now = Date.now()): void {
    this.entries.delete(accountKey(attempt.account));
    if (!attempt.address) return;
    const entry = this.decayed(addressKey(attempt.address), now);
    if (!entry) return;
    entry.failures = Math.max(0, entry.failures - 1);
    if (entry.failures < this.settings.addressFailures) entry.blockedUntil = 0;
  }

  private keys(attempt: LoginAttempt): [key: string, threshold: number][] {
    const keys: [string, number][] = [[accountKey(attempt.account), this.settings.accountFailures]];
    if (attempt.address) keys.push([addressKey(attempt.address), this.settings.addressFailures]);
    return keys;
  }

  /** The entry with the failures forgiven since it was last updated; undefined once nothing is left. */
  private decayed(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const forgiven = Math.floor((now - entry.since) / this.settings.decayMs);
    if (forgiven <= 0) return entry;
    entry.failures = Math.max(0, entry.failures - forgiven);
    entry.since += forgiven * this.settings.decayMs;
    return entry.failures > 0 || entry.blockedUntil > now ? entry : undefined;
  }

  private prune(now: number): void {
    if (this.entries.size <= MAX_ENTRIES) return;
    for (const key of [...this.entries.keys()]) {
      if (!this.decayed(key, now)) this.entries.delete(key);
    }
    for (const key of this.entries.keys()) {
      if (this.entries.size <= MAX_ENTRIES) break;
      this.entries.delete(key);
    }
  }
}

const accountKey = (account: string) => `account:${account}`;
const addressKey = (address: string) => `address:${address}`;
