import { apiKeyMatches, generateApiKey, hashApiKey, parseApiKey } from './api-key-secret';
import { departmentScope, hasScope, isValidScope, parseScopes, scopeDepartment } from './scopes';

describe('API key secrets', () => {
  it('generates distinct keys carrying department and public prefix, stored only as SHA-256', () => {
    const a = generateApiKey('social-security');
    const b = generateApiKey('social-security');
    expect(a.key).not.toBe(b.key);
    expect(parseApiKey(a.key)).toEqual({ department: 'social-security', prefix: a.prefix, key: a.key });
    const secret = a.key.slice(`wdp_social-security_${a.prefix}_`.length);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url (may itself contain "_")
    expect(a.hash).toBe(hashApiKey(a.key));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).not.toContain(secret);
  });

  it('matches only the exact key', () => {
    const { key, hash } = generateApiKey('health');
    expect(apiKeyMatches(key, hash)).toBe(true);
    expect(apiKeyMatches(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`, hash)).toBe(false);
    expect(apiKeyMatches(key, 'abcd')).toBe(false);
  });

  it('rejects malformed keys', () => {
    for (const k of ['', 'secret', 'wdp_health_12345678_short', 'wdp_HEALTH_12345678_' + 'a'.repeat(43), 'wdp_health_1234567g_' + 'a'.repeat(43)]) {
      expect(parseApiKey(k)).toBeNull();
    }
  });
});

describe('scopes', () => {
  it('parses and checks scopes', () => {
    expect(parseScopes(' write:health, read:health,write:health ')).toEqual(['write:health', 'read:health']);
    expect(isValidScope('read:monitoring')).toBe(true);
    expect(isValidScope('admin')).toBe(true);
    expect(isValidScope('delete:health')).toBe(false);
    expect(isValidScope('handle:alerts')).toBe(true);
    expect(isValidScope('handle:health')).toBe(false);
    expect(scopeDepartment(departmentScope('write', 'family'))).toBe('family');
    expect(hasScope(['read:health'], 'write:health')).toBe(false);
    expect(hasScope(['admin'], 'write:health')).toBe(false);
  });
});
