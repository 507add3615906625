import { createHash } from 'node:crypto';
import { containsResidentIdNumber } from '@wdp/platform';
import { RESIDENT_ID_REASON } from '../validation/identifier-scan';

/** Header a client sets to make a write safely retryable (draft-ietf-httpapi-idempotency-key-header). */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Set on a response that was replayed from the store rather than produced now. */
export const IDEMPOTENT_REPLAY_HEADER = 'Idempotent-Replayed';

/** How long a stored response can be replayed (the draft standard suggests at least 24 hours). */
export const IDEMPOTENCY_RETENTION_HOURS = 48;

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Visible ASCII, 1..255 characters (a UUID is the usual choice), holding no resident ID number. Returns a reason when invalid. */
export function idempotencyKeyProblem(key: string): string | undefined {
  if (!KEY_PATTERN.test(key)) return 'must be 1 to 255 visible ASCII characters, e.g. a UUID';
  return containsResidentIdNumber(key) ? RESIDENT_ID_REASON : undefined;
}

/**
 * What the store keeps of a key: its SHA-256, so whatever a client put in the header never sits in the
 * database, while a retry with the same key still finds its response.
 */
export function idempotencyKeyDigest(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
