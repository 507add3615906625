import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so two bodies that differ only in key order hash the same.
 * `undefined` members are dropped, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.keys(value as object)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Fingerprint of a request for Idempotency-Key reuse checks: the operation (method + route) and its input. */
export function requestFingerprint(method: string, route: string, input: unknown): string {
  return sha256Hex(`${method.toUpperCase()} ${route}\n${canonicalJson(input)}`);
}

/** Content hash of what a record or return says, for the "same natural key, same content" no-op. */
export function contentHash(content: unknown): string {
  return sha256Hex(canonicalJson(content));
}

/** The fingerprint only matters with an Idempotency-Key; skip hashing a 10,000-item body otherwise. */
export function fingerprintIfKeyed(key: string | undefined, method: string, route: string, input: unknown): string {
  return key ? requestFingerprint(method, route, input) : '';
}
