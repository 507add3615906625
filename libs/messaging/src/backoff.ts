export interface BackoffOptions {
  /** Delay before the first retry. */
  baseMs: number;
  /** Upper bound for any single delay. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 100, maxMs: 5_000 };

/** Exponential backoff: attempt 1 waits baseMs, each next attempt doubles, capped at maxMs. Attempts start at 1. */
export function backoffDelay(attempt: number, { baseMs, maxMs }: BackoffOptions = DEFAULT_BACKOFF): number {
  if (!Number.isFinite(attempt) || attempt < 1) return 0;
  const exp = Math.min(attempt - 1, 30); // 2^30 is far past any sensible cap; avoids Infinity
  return Math.min(maxMs, baseMs * 2 ** exp);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
