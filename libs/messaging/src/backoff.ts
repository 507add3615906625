// The one backoff of the repository: Kafka clients, the relay, the consumer supervisor, webhook deliveries and
// the HTTP tools all retry with it, so a retry schedule reads the same wherever it is set.

export interface BackoffOptions {
  /** Delay before the first retry. */
  baseMs: number;
  /** Upper bound for the exponential delay, before jitter. */
  maxMs: number;
  /**
   * Multiples of the delay between which it is drawn at random, so senders that failed together do not come
   * back together: `EQUAL_JITTER` ([0.5, 1]: half fixed, half random) keeps the cap; [0.8, 1.2] is ±20 %.
   * Without it the delay is exact.
   */
  jitter?: readonly [low: number, high: number];
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 100, maxMs: 5_000 };

/** Half fixed, half random ("equal jitter"): the delay still grows with each attempt, and never passes maxMs. */
export const EQUAL_JITTER = [0.5, 1] as const;

/**
 * Exponential backoff: attempt 1 waits baseMs, each next attempt doubles, capped at maxMs, then jittered
 * (rounded to whole ms) when the options ask for it. Attempts start at 1; below that, or not finite, 0.
 * `random` is injectable for tests.
 */
export function backoffDelay(attempt: number, { baseMs, maxMs, jitter }: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  if (!Number.isFinite(attempt) || attempt < 1) return 0;
  const exp = Math.min(attempt - 1, 30); // 2^30 is far past any sensible cap; avoids Infinity
  const delay = Math.min(maxMs, baseMs * 2 ** exp);
  if (!jitter) return delay;
  const [low, high] = jitter;
  return Math.max(0, Math.round(delay * low + random() * delay * (high - low)));
}

/**
 * An HTTP Retry-After in delay-seconds (RFC 9110: digits only) as ms, at most capMs; undefined when absent or
 * not in seconds, so the caller falls back to its backoff. Our services send whole seconds.
 */
export function retryAfterMs(header: string | null | undefined, capMs: number): number | undefined {
  const value = header?.trim();
  if (!value || !/^\d+$/.test(value)) return undefined;
  return Math.min(Number(value) * 1000, capMs);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
