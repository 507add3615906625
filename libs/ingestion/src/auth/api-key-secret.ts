import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `wdp_<department>_<prefix>_<secret>`:
 * - department: which department's data the key can reach (public; lets any service refuse another
 *   department's key with 403 without knowing it);
 * - prefix: 8 random hex characters, public, the lookup key in the service's `api_keys` table;
 * - secret: 32 random bytes, base64url. Only SHA-256(whole key) is stored; the key is shown once.
 */
export interface ParsedApiKey {
  department: string;
  prefix: string;
  key: string;
}

const KEY_RE = /^wdp_([a-z][a-z-]{1,30}[a-z])_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;
export const API_KEY_PATTERN = KEY_RE.source;

export function parseApiKey(key: string): ParsedApiKey | null {
  const m = KEY_RE.exec(key);
  return m ? { department: m[1], prefix: m[2], key } : null;
}

export function generateApiKey(department: string): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(4).toString('hex');
  const key = `wdp_${department}_${prefix}_${randomBytes(32).toString('base64url')}`;
  if (!parseApiKey(key)) throw new RangeError(`invalid department code for an API key: ${department}`);
  return { key, prefix, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented key against a stored hash. */
export function apiKeyMatches(key: string, storedHash: string): boolean {
  const a = Buffer.from(hashApiKey(key), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
