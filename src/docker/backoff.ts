export interface BackoffOptions {
  /** Delay after the first failure. */
  initialMs: number;
  /** Upper bound of any delay. */
  maxMs: number;
  factor?: number;
  /** Fraction of the delay randomised away, so many clients do not retry in lockstep. */
  jitter?: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.2 };

/** Delay before the next attempt after `failures` consecutive failures (0 failures: no delay). */
export function backoffDelay(failures: number, options: BackoffOptions, random: () => number = Math.random): number {
  if (failures <= 0) return 0;
  const factor = options.factor ?? 2;
  const raw = Math.min(options.maxMs, options.initialMs * factor ** (failures - 1));
  const jitter = options.jitter ?? 0;
  return Math.round(raw * (1 - jitter * random()));
}
