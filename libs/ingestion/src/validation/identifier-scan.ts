import { ProblemException, type FieldError } from '@wdp/platform';
import { containsResidentIdNumber } from './resident-id';

export const RESIDENT_ID_REASON =
  'looks like a resident ID number (GB 11643); personal identifiers must not be sent, use a pseudonymous reference';

/** No legitimate body nests deeper; a hostile one must not exhaust the stack. */
export const MAX_DEPTH = 32;
export const TOO_DEEP_REASON = `is nested more than ${MAX_DEPTH} levels deep`;

/** True when the scan stopped at the depth limit: the body must not be walked any further (e.g. by class-transformer). */
export function isTooDeep(errors: readonly FieldError[]): boolean {
  return errors.some((e) => e.reason === TOO_DEEP_REASON);
}

/** Arrays whose element index is reported as `row` (the same names the platform's error flattener uses). */
const ROW_ARRAYS = new Set(['items', 'records', 'figures', 'rows']);

/**
 * Walks a parsed request body (before any whitelisting, so nothing escapes by being an unknown field) and
 * names every string, number or object key that holds a resident ID number. The value itself is never echoed.
 */
export function findResidentIdNumbers(value: unknown, path = '', row?: number, depth = 0): FieldError[] {
  if (depth > MAX_DEPTH) return [{ field: path || '(body)', ...(row === undefined ? {} : { row }), reason: TOO_DEEP_REASON }];
  if (typeof value === 'string') return containsResidentIdNumber(value) ? [fieldError(path, row)] : [];
  if (typeof value === 'number' || typeof value === 'bigint') {
    return Number.isInteger(Number(value)) && containsResidentIdNumber(String(value)) ? [fieldError(path, row)] : [];
  }
  if (Array.isArray(value)) {
    const rowArray = row === undefined && ROW_ARRAYS.has(lastSegment(path));
    return value.flatMap((v, i) => findResidentIdNumbers(v, `${path}[${i}]`, rowArray ? i : row, depth + 1));
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
      const childPath = path ? `${path}.${k}` : k;
      const keyHit = containsResidentIdNumber(k) ? [fieldError(childPath, row)] : [];
      return [...keyHit, ...findResidentIdNumbers(v, childPath, row, depth + 1)];
    });
  }
  return [];
}

function lastSegment(path: string): string {
  const m = /([A-Za-z_$][\w$]*)$/.exec(path);
  return m ? m[1] : '';
}

function fieldError(field: string, row?: number): FieldError {
  return row === undefined ? { field: field || '(body)', reason: RESIDENT_ID_REASON } : { field, row, reason: RESIDENT_ID_REASON };
}

/** 422 before anything recursive (fingerprinting, class-transformer) touches a hostile, absurdly nested body. */
export function assertReasonableNesting(body: unknown): void {
  const errors = findResidentIdNumbers(body);
  if (isTooDeep(errors)) throw ProblemException.validation(errors.filter((e) => e.reason === TOO_DEEP_REASON));
}
