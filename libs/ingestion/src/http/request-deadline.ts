import { ProblemException } from '@wdp/platform';

const DEADLINE_AT = Symbol('wdp.requestDeadlineAt');

/**
 * The moment a request's database work must be done by: REQUEST_DEADLINE_MS after the first layer that asks
 * (the API key check, which runs before the handler and reads the database too). One budget for the whole
 * request, so a stalled database cannot hold a client for the key check's wait plus the handler's.
 */
export function requestDeadlineAt(request: object, budgetMs: number, now = Date.now()): number {
  const r = request as { [DEADLINE_AT]?: number };
  r[DEADLINE_AT] ??= now + budgetMs;
  return r[DEADLINE_AT];
}

export function deadlinePassed(budgetMs: number, applied: 'unknown' | 'nothing'): ProblemException {
  const outcome =
    applied === 'nothing'
      ? 'Nothing was written; retry later.'
      : 'The request may or may not have been applied; retrying it unchanged (or with the same Idempotency-Key) is safe.';
  return ProblemException.unavailable(`The database did not answer within ${budgetMs} ms. ${outcome}`, 5);
}

/** `work`, or the `onTimeout` error once `deadlineAt` has passed (the work itself is not cancelled). */
export async function beforeDeadline<T>(work: Promise<T>, deadlineAt: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), Math.max(0, deadlineAt - Date.now()));
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
