import { ProblemException } from '@wdp/platform';

/** Socket-level failures and the SQLSTATEs that mean "the database cannot serve now", not "your input is bad". */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH']);
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '53400', '57014', '40001', '40P01']);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection is not established',
  'the database system is',
  'is not currently accepting connections',
  'Connection terminated unexpectedly',
];

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const x = e as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    const code = typeof x.code === 'string' ? x.code : '';
    if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08')) return true;
    const message = typeof x.message === 'string' ? x.message : '';
    if (UNAVAILABLE_MESSAGES.some((m) => message.includes(m))) return true;
    e = x.driverError ?? x.cause;
  }
  return false;
}

/** Rethrows a database outage as 503 with Retry-After; anything else unchanged. */
export function rethrowAsUnavailable(err: unknown): never {
  if (isDatabaseUnavailable(err)) {
    throw ProblemException.unavailable('The database is unavailable or overloaded; nothing was written. Retry later.', 5);
  }
  throw err;
}
