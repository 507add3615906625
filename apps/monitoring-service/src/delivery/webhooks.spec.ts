import { createHmac } from 'node:crypto';
import { newSigningSecret, SecretBox } from './secret-box';
import { signatureHeader, verifySignature } from './webhook-signature';

describe('webhook signature', () => {
  const secret = 'whsec_test';
  const body = JSON.stringify({ alert: { id: 'a', kind: 'limited' } });

  it('is HMAC-SHA256 over "<t>.<body>" in hex, as documented', () => {
    const header = signatureHeader(secret, 1_700_000_000, body);
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(header).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies a genuine signature within the tolerance', () => {
    expect(verifySignature(secret, signatureHeader(secret, 1000, body), body, 1100)).toEqual({ valid: true, timestamp: 1000 });
  });

  it('rejects a changed body, another secret, a forged header and an old timestamp', () => {
    const header = signatureHeader(secret, 1000, body);
    expect(verifySignature(secret, header, body.replace('limited', 'fluctuating'), 1000)).toEqual({ valid: false, reason: 'mismatch' });
    expect(verifySignature('whsec_other', header, body, 1000)).toEqual({ valid: false, reason: 'mismatch' });
    expect(verifySignature(secret, `t=1000,v1=${'0'.repeat(64)}`, body, 1000)).toEqual({ valid: false, reason: 'mismatch' });
    expect(verifySignature(secret, 't=1000', body, 1000)).toEqual({ valid: false, reason: 'malformed' });
    expect(verifySignature(secret, header, body, 1000 + 301)).toEqual({ valid: false, reason: 'expired' });
  });

  it('a replayed body with a re-stamped timestamp does not verify', () => {
    const header = signatureHeader(secret, 1000, body).replace('t=1000', 't=2000');
    expect(verifySignature(secret, header, body, 2000).valid).toBe(false);
  });
});

describe('SecretBox', () => {
  it('round-trips and never stores the plain secret', () => {
    const box = new SecretBox('k'.repeat(32));
    const secret = newSigningSecret();
    const sealed = box.seal(secret);
    expect(sealed).not.toContain(secret);
    expect(box.open(sealed)).toBe(secret);
    expect(box.seal(secret)).not.toBe(sealed);
  });

  it('another key cannot open it', () => {
    const sealed = new SecretBox('a'.repeat(32)).seal('whsec_x');
    expect(() => new SecretBox('b'.repeat(32)).open(sealed)).toThrow();
  });
});
