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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function retryDelay(attempt: number, retryAfter: string | null): number {
  const seconds = retryAfter ? Number(retryAfter) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(30_000, seconds * 1000);
  return Math.min(10_000, 250 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
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
