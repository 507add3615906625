import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { apiKeyMatches, generateApiKey, hashApiKey, parseApiKey } from './api-key-secret';
import { ApiKeyRepository, ApiKeyRow } from './api-key.repository';
import { containsResidentIdNumber, type FieldError } from '@wdp/platform';
import { RESIDENT_ID_REASON } from '../validation/identifier-scan';
import { issueProblems, keyPolicyOf, type KeyPolicy } from './key-policy';

/** What a request authenticated with; the key itself is never kept past the guard. */
export interface ApiKeyPrincipal {
  id: string;
  prefix: string;
  department: string;
  scopes: string[];
}

export type Authentication =
  | { outcome: 'authenticated'; principal: ApiKeyPrincipal }
  | { outcome: 'malformed' | 'unknown' | 'revoked' }
  /** Well-formed key of another department that this service does not hold: it could not grant access here. */
  | { outcome: 'foreign'; department: string };

export interface IssueApiKeyInput {
  department: string;
  scopes: string[];
  label: string;
}

/** Public description of a key (everything but the secret and its hash). */
export interface ApiKeyInfo {
  id: string;
  prefix: string;
  department: string;
  scopes: string[];
  label: string;
  createdAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
}

export interface IssuedApiKey extends ApiKeyInfo {
  /** Shown once; only its SHA-256 is stored. */
  key: string;
}

export class ApiKeyInputError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.reason}`).join('; '));
  }
}

/**
 * Issues, checks and revokes keys. Every check reads the database (one indexed lookup), so a revocation
 * takes effect on the very next request: there is deliberately no cache.
 */
export class ApiKeyService {
  private readonly repo: ApiKeyRepository;
  private readonly policy: KeyPolicy;

  /** `policy`: which keys this store issues; by default that of the service ingesting `ownDepartment`. */
  constructor(dataSource: DataSource, private readonly ownDepartment: string, policy?: KeyPolicy) {
    this.repo = new ApiKeyRepository(dataSource);
    this.policy = policy ?? keyPolicyOf(ownDepartment) ?? { departments: [ownDepartment], scopes: [] };
  }

  async authenticate(presented: string): Promise<Authentication> {
    const parsed = parseApiKey(presented);
    if (!parsed) return { outcome: 'malformed' };
    const row = await this.repo.findByPrefix(parsed.prefix);
    if (!row) return parsed.department === this.ownDepartment ? { outcome: 'unknown' } : { outcome: 'foreign', department: parsed.department };
    if (!apiKeyMatches(presented, row.keyHash)) return { outcome: 'unknown' };
    if (row.revokedAt) return { outcome: 'revoked' };
    return { outcome: 'authenticated', principal: { id: row.id, prefix: row.prefix, department: row.department, scopes: row.scopes } };
  }

  async issue(input: IssueApiKeyInput, issuedBy: string | null = null): Promise<IssuedApiKey> {
    const problems = issueProblems(this.policy, input);
    if (problems.length) throw new ApiKeyInputError(problems);
    const { key, prefix, hash } = generateApiKey(input.department);
    const row = await this.repo.insert({ id: randomUUID(), prefix, keyHash: hash, department: input.department, scopes: input.scopes, label: input.label });
    await this.repo.audit(issuedBy, 'api-key.issued', row.id, { prefix, department: row.department, scopes: row.scopes, label: row.label });
    return { ...toInfo(row), key };
  }

  /** Registers a key generated elsewhere (the bootstrap admin key from the environment). Idempotent. */
  async register(key: string, scopes: string[], label: string): Promise<ApiKeyInfo> {
    const parsed = parseApiKey(key);
    if (!parsed) throw new ApiKeyInputError([{ field: 'key', reason: 'not a well-formed API key' }]);
    const existing = await this.repo.findByPrefix(parsed.prefix);
    if (existing) {
      if (!apiKeyMatches(key, existing.keyHash)) throw new ApiKeyInputError([{ field: 'key', reason: 'another key already uses this prefix' }]);
      return toInfo(existing);
    }
    const row = await this.repo.insert({ id: randomUUID(), prefix: parsed.prefix, keyHash: hashApiKey(key), department: parsed.department, scopes, label });
    await this.repo.audit(null, 'api-key.registered', row.id, { prefix: row.prefix, scopes, label });
    return toInfo(row);
  }

  async list(includeRevoked = false): Promise<ApiKeyInfo[]> {
    return (await this.repo.list(includeRevoked)).map(toInfo);
  }

  async get(id: string): Promise<ApiKeyInfo | undefined> {
    const row = await this.repo.findById(id);
    return row && toInfo(row);
  }

  /** The reason is stored and audited, so it gets the same screen as a label (the CLI has no global pipe). */
  async revoke(id: string, reason: string, revokedBy: string | null = null): Promise<ApiKeyInfo | undefined> {
    if (containsResidentIdNumber(reason)) throw new ApiKeyInputError([{ field: 'reason', reason: RESIDENT_ID_REASON }]);
    const row = await this.repo.revoke(id, reason);
    if (row) await this.repo.audit(revokedBy, 'api-key.revoked', id, { reason });
    return row && toInfo(row);
  }

  async hasActiveKeyWithScope(scope: string): Promise<boolean> {
    return (await this.repo.countActiveWithScope(scope)) > 0;
  }
}

function toInfo(row: ApiKeyRow): ApiKeyInfo {
  return {
    id: row.id,
    prefix: row.prefix,
    department: row.department,
    scopes: row.scopes,
    label: row.label,
    createdAt: new Date(row.createdAt).toISOString(),
    revokedAt: row.revokedAt ? new Date(row.revokedAt).toISOString() : null,
    revokedReason: row.revokedReason,
  };
}
