import { backoffDelay, EQUAL_JITTER, retryAfterMs, sleep as defaultSleep } from '@wdp/messaging';

/** One answer of the service. */
export interface Answer {
  status: number;
  body: unknown;
  attempts: number;
  /** The service replayed a stored answer (Idempotency-Key seen before). */
  replayed: boolean;
}

export interface RetryPolicy {
  retries: number;
  /** First wait; doubled each attempt (with jitter), capped at maxDelayMs; a Retry-After header wins. */
  baseDelayMs: number;
  maxDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (attempt: number, reason: string, delayMs: number) => void;
}

/** Worth retrying: the service is overloaded or briefly down; everything else is an answer about the data. */
const RETRYABLE = new Set([429, 502, 503, 504]);

/** The wait before retry `attempt` (1 = first) under the policy: the server's Retry-After, else the backoff. */
export function retryDelay(attempt: number, policy: RetryPolicy, retryAfter: string | null, random = Math.random): number {
  return retryAfterMs(retryAfter, policy.maxDelayMs) ?? backoffDelay(attempt, { baseMs: policy.baseDelayMs, maxMs: policy.maxDelayMs, jitter: EQUAL_JITTER }, random);
}

/** POST with retries on 429/502/503/504 and network errors. Safe because every chunk carries an Idempotency-Key. */
export async function postWithRetry(url: string, body: Buffer, headers: Record<string, string>, policy: RetryPolicy, fetchImpl: typeof fetch = fetch): Promise<Answer> {
  const sleep = policy.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    let reason: string;
    let retryAfter: string | null = null;
    try {
      const res = await fetchImpl(url, { method: 'POST', headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      if (!RETRYABLE.has(res.status) || attempt > policy.retries) return { status: res.status, body: parsed, attempts: attempt, replayed: res.headers.get('idempotent-replayed') === 'true' };
      reason = `HTTP ${res.status}`;
      retryAfter = res.headers.get('retry-after');
    } catch (err) {
      if (attempt > policy.retries) throw new Error(`network error after ${attempt} attempts: ${(err as Error).message}`);
      reason = (err as Error).message;
    }
    const delay = retryDelay(attempt, policy, retryAfter);
    policy.onRetry?.(attempt, reason, delay);
    await sleep(delay);
  }
}
