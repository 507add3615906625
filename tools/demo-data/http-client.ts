import { backoffDelay, type BackoffOptions, retryAfterMs, sleep } from '@wdp/messaging';

/**
 * A small JSON client for the departmental APIs: retries what is worth retrying (503 with Retry-After,
 * 429, connection errors) with capped exponential backoff, and turns any other 4xx/5xx into an error that
 * carries the problem details (RFC 9457) so the loader can print them and stop.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    readonly problem: unknown,
  ) {
    super(`${status} from ${url}`);
  }
}

export interface RequestOptions {
  method: 'GET' | 'POST';
  url: string;
  apiKey: string;
  body?: unknown;
  idempotencyKey?: string;
  /** Attempts for retryable failures (default 8). */
  attempts?: number;
  timeoutMs?: number;
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  replayed: boolean;
  retries: number;
}

/** 250 ms doubling to 10 s, ±25 % at random; a server's Retry-After is followed up to 30 s. */
const BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 10_000, jitter: [0.75, 1.25] };
const MAX_RETRY_AFTER_MS = 30_000;

/** `attempt` counts from 0 here (the failed attempt), from 1 in the backoff (the retry). */
function retryDelay(attempt: number, retryAfter: string | null): number {
  return retryAfterMs(retryAfter, MAX_RETRY_AFTER_MS) ?? backoffDelay(attempt + 1, BACKOFF);
}

export async function requestJson<T>(options: RequestOptions): Promise<ApiResponse<T>> {
  const attempts = options.attempts ?? 8;
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    let res: Response;
    try {
      res = await fetch(options.url, {
        method: options.method,
        headers: {
          'x-api-key': options.apiKey,
          accept: 'application/json, application/problem+json',
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
        },
        body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
        signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
      });
    } catch (err) {
      lastError = err; // connection refused / reset / timeout: the service may be restarting
      await sleep(retryDelay(attempt, null));
      continue;
    }
    const text = await res.text();
    const body = text ? (JSON.parse(text) as unknown) : undefined;
    if (res.status === 503 || res.status === 429) {
      lastError = new ApiError(res.status, options.url, body);
      await sleep(retryDelay(attempt, res.headers.get('retry-after')));
      continue;
    }
    if (res.status >= 400) throw new ApiError(res.status, options.url, body);
    return { status: res.status, body: body as T, replayed: res.headers.get('idempotent-replayed') === 'true', retries: attempt };
  }
  throw lastError instanceof Error ? lastError : new Error(`giving up on ${options.url}`);
}
