import { setTimeout as delay } from 'node:timers/promises';

export interface WaitForOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Shown in the timeout error, e.g. "effect row written". */
  what?: string;
}

/**
 * Polls `probe` until it returns something other than undefined/null/false, and returns that value.
 * The assertion-friendly alternative to fixed sleeps: fast when things work, bounded when they do not.
 */
export async function waitFor<T>(probe: () => T | Promise<T>, { timeoutMs = 30_000, intervalMs = 100, what = 'condition' }: WaitForOptions = {}): Promise<Exclude<T, undefined | null | false>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== null && v !== false) return v as Exclude<T, undefined | null | false>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const cause = lastError ? ` (last error: ${(lastError as Error).message})` : '';
      throw new Error(`waitFor: ${what} not reached within ${timeoutMs} ms${cause}`);
    }
    await delay(intervalMs);
  }
}
