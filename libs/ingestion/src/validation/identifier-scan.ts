import type { FieldError } from '@wdp/platform';
import { containsResidentIdNumber } from './resident-id';

export const RESIDENT_ID_REASON =
  'looks like a resident ID number (GB 11643); personal identifiers must not be sent, use a pseudonymous reference';

/** Arrays whose element index is reported as `row` (the same names the platform's error flattener uses). */
const ROW_ARRAYS = new Set(['items', 'records', 'figures', 'rows']);

/**
 * Walks a parsed request body (before any whitelisting, so nothing escapes by being an unknown field) and
 * names every string, number or object key that holds a resident ID number. The value itself is never echoed.
 */
export function findResidentIdNumbers(value: unknown, path = '', row?: number): FieldError[] {
  if (typeof value === 'string') return containsResidentIdNumber(value) ? [fieldError(path, row)] : [];
  if (typeof value === 'number' || typeof value === 'bigint') {
    return Number.isInteger(Number(value)) && containsResidentIdNumber(String(value)) ? [fieldError(path, row)] : [];
  }
  if (Array.isArray(value)) {
    const rowArray = row === undefined && ROW_ARRAYS.has(lastSegment(path));
    return value.flatMap((v, i) => findResidentIdNumbers(v, `${path}[${i}]`, rowArray ? i : row));
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
      const childPath = path ? `${path}.${k}` : k;
      const keyHit = containsResidentIdNumber(k) ? [fieldError(childPath, row)] : [];
      return [...keyHit, ...findResidentIdNumbers(v, childPath, row)];
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
