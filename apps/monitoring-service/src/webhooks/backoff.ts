/**
 * Delay before retry number `attempt` (1 = first retry): base × 2^(attempt−1), capped, with "equal
 * jitter" (half fixed, half random) so receivers coming back up are not hit by every sender at once
 * while the delay still grows. `random` is injectable for tests. Pure.
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(exp / 2 + random() * (exp / 2));
}
