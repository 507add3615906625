import { containsResidentIdNumber, ProblemException, type FieldError } from '@wdp/platform';

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
 * A body is walked once however many layers ask (nesting check, batch preparation): the result is kept
 * per body object. Paths are built only for containers and hits, since a 20,000-item batch has ~200,000 leaves.
 */
export function findResidentIdNumbers(value: unknown, path = '', row?: number): FieldError[] {
  const cacheable = path === '' && row === undefined && value !== null && typeof value === 'object';
  if (cacheable) {
    const cached = scanned.get(value);
    if (cached) return cached;
  }
  const out: FieldError[] = [];
  walk(value, path, row, 0, out);
  if (cacheable) scanned.set(value, out);
  return out;
}

const scanned = new WeakMap<object, FieldError[]>();

function walk(value: unknown, path: string, row: number | undefined, depth: number, out: FieldError[]): void {
  if (depth > MAX_DEPTH) {
    out.push({ field: path || '(body)', ...(row === undefined ? {} : { row }), reason: TOO_DEEP_REASON });
    return;
  }
  if (Array.isArray(value)) {
    const rowArray = row === undefined && ROW_ARRAYS.has(lastSegment(path));
    for (let i = 0; i < value.length; i++) walk(value[i], `${path}[${i}]`, rowArray ? i : row, depth + 1, out);
  } else if (value !== null && typeof value === 'object') {
    for (const k of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[k];
      if (containsResidentIdNumber(k)) out.push(fieldError(path ? `${path}.${k}` : k, row));
      // Scalars need their path only on a hit, which walk() builds from the parent's.
      if (v !== null && typeof v === 'object') walk(v, path ? `${path}.${k}` : k, row, depth + 1, out);
      else if (isHit(v)) out.push(fieldError(path ? `${path}.${k}` : k, row));
    }
  } else if (isHit(value)) {
    out.push(fieldError(path, row));
  }
}

function isHit(v: unknown): boolean {
  if (typeof v === 'string') return containsResidentIdNumber(v);
  if (typeof v === 'number' || typeof v === 'bigint') return Number.isInteger(Number(v)) && containsResidentIdNumber(String(v));
  return false;
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
