import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { apiKeyMatches, generateApiKey, hashApiKey, parseApiKey } from './api-key-secret';
import { ApiKeyRepository, ApiKeyRow } from './api-key.repository';
import { isValidScope, scopeDepartment } from './scopes';

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

export class ApiKeyInputError extends Error {}

/**
 * Issues, checks and revokes keys. Every check reads the database (one indexed lookup), so a revocation
 * takes effect on the very next request: there is deliberately no cache.
 */
export class ApiKeyService {
  private readonly repo: ApiKeyRepository;

  constructor(dataSource: DataSource, private readonly ownDepartment: string) {
    this.repo = new ApiKeyRepository(dataSource);
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
    const problems = validateIssueInput(input);
    if (problems.length) throw new ApiKeyInputError(problems.join('; '));
    const { key, prefix, hash } = generateApiKey(input.department);
    const row = await this.repo.insert({ id: randomUUID(), prefix, keyHash: hash, department: input.department, scopes: input.scopes, label: input.label });
    await this.repo.audit(issuedBy, 'api-key.issued', row.id, { prefix, department: row.department, scopes: row.scopes, label: row.label });
    return { ...toInfo(row), key };
  }

  /** Registers a key generated elsewhere (the bootstrap admin key from the environment). Idempotent. */
  async register(key: string, scopes: string[], label: string): Promise<ApiKeyInfo> {
    const parsed = parseApiKey(key);
    if (!parsed) throw new ApiKeyInputError('not a well-formed API key');
    const existing = await this.repo.findByPrefix(parsed.prefix);
    if (existing) {
      if (!apiKeyMatches(key, existing.keyHash)) throw new ApiKeyInputError('another key already uses this prefix');
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

  async revoke(id: string, reason: string, revokedBy: string | null = null): Promise<ApiKeyInfo | undefined> {
    const row = await this.repo.revoke(id, reason);
    if (row) await this.repo.audit(revokedBy, 'api-key.revoked', id, { reason });
    return row && toInfo(row);
  }

  async hasActiveKeyWithScope(scope: string): Promise<boolean> {
    return (await this.repo.countActiveWithScope(scope)) > 0;
  }
}

export function validateIssueInput(input: IssueApiKeyInput): string[] {
  const problems: string[] = [];
  if (!/^[a-z][a-z-]{1,30}[a-z]$/.test(input.department)) problems.push('department must be a lowercase department code such as health');
  if (!input.scopes.length) problems.push('at least one scope is needed');
  for (const s of input.scopes) {
    if (!isValidScope(s)) problems.push(`unknown scope "${s}" (use write:<department>, read:<department>, read:monitoring or admin)`);
    const dept = scopeDepartment(s);
    if (s.startsWith('write:') && dept !== input.department) problems.push(`a ${input.department} key cannot hold ${s}`);
  }
  if (!input.label.trim() || input.label.length > 200) problems.push('label must be 1 to 200 characters');
  return problems;
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
