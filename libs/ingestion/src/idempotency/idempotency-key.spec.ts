import { idempotencyKeyDigest, idempotencyKeyProblem } from './idempotency-key';

describe('Idempotency-Key', () => {
  it('accepts a bounded opaque key', () => {
    for (const key of ['0b8a2c1e-5d3f-4c55-9a53-0c2f7e1b9d11', 'upload-2025-07-batch-3', 'k'.repeat(255)]) expect(idempotencyKeyProblem(key)).toBeUndefined();
  });

  it('refuses a key that is too long, empty or not visible ASCII', () => {
    for (const key of ['', 'k'.repeat(256), 'a b', 'é', 'a\u200bb']) expect(idempotencyKeyProblem(key)).toMatch(/visible ASCII/);
  });

  it('refuses a key holding a resident ID number, also with separators', () => {
    for (const key of ['11010519491231002X', 'retry-110105-19491231-002X', 'k:110105.19491231.002X']) expect(idempotencyKeyProblem(key)).toMatch(/GB 11643/);
  });

  it('is stored as the hex SHA-256 of its UTF-8 bytes (what the migration computes in SQL)', () => {
    expect(idempotencyKeyDigest('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
