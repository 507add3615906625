/** Header a client sets to make a write safely retryable (draft-ietf-httpapi-idempotency-key-header). */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Set on a response that was replayed from the store rather than produced now. */
export const IDEMPOTENT_REPLAY_HEADER = 'Idempotent-Replayed';

/** How long a stored response can be replayed (the draft standard suggests at least 24 hours). */
export const IDEMPOTENCY_RETENTION_HOURS = 48;

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Visible ASCII, 1..255 characters (a UUID is the usual choice). Returns a reason when invalid. */
export function idempotencyKeyProblem(key: string): string | undefined {
  return KEY_PATTERN.test(key) ? undefined : 'must be 1 to 255 visible ASCII characters, e.g. a UUID';
}
