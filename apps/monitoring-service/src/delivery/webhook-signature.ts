import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export const SIGNATURE_HEADER = 'X-WDP-Signature';
/** Header carrying the delivery id: the same on every retry of one delivery, for the receiver to dedupe on. */
export const DELIVERY_HEADER = 'X-WDP-Delivery';
/** Header naming the event (`alert`). */
export const EVENT_HEADER = 'X-WDP-Event';
/** How old a signature a receiver should accept by default (replay window). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The header value for a body signed at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${signatureOf(secret, timestamp, body)}`;
}

export type VerifyResult = { valid: true; timestamp: number } | { valid: false; reason: 'malformed' | 'mismatch' | 'expired' };

/**
 * What a receiver does (and what docs/alerts-and-reports.md shows): parse t and v1, recompute the HMAC
 * over the raw body, compare in constant time, and refuse timestamps outside the tolerance (replay).
 */
export function verifySignature(secret: string, header: string | undefined, body: string, nowSeconds: number, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): VerifyResult {
  if (!header) return { valid: false, reason: 'malformed' };
  const parts = new Map(header.split(',').map((p) => { const i = p.indexOf('='); return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as const; }));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isInteger(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return { valid: false, reason: 'malformed' };
  const expected = Buffer.from(signatureOf(secret, t, body), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(v1, 'hex'))) return { valid: false, reason: 'mismatch' };
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return { valid: false, reason: 'expired' };
  return { valid: true, timestamp: t };
}
