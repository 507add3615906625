import type { FastifyRequest } from 'fastify';
import { rateLimitKeyGenerator, type RateLimitIdentity } from './rate-limit';

const request = (headers: Record<string, string>, url = '/v1/records/live-birth', remoteAddress = '10.0.0.7') =>
  ({ headers, url, socket: { remoteAddress } }) as unknown as FastifyRequest;

/** Verifies exactly one key, as the ingestion framework's identity does against the database. */
const identity: RateLimitIdentity = {
  principalOf: async (r) => (r.headers['x-api-key'] === 'the-real-key' ? '3c3e0c3a-2b1d-4e4f-9a8b-7c6d5e4f3a2b' : undefined),
};

describe('rateLimitKeyGenerator', () => {
  const keyOf = rateLimitKeyGenerator(identity);

  it('counts an authenticated request against its key id', async () => {
    expect(await keyOf(request({ 'x-api-key': 'the-real-key' }))).toBe('key:3c3e0c3a-2b1d-4e4f-9a8b-7c6d5e4f3a2b');
  });

  it('counts a key that does not verify (forged with a real prefix, made up, garbage) against the connecting address', async () => {
    const forged = `wdp_health_0a1b2c3d_${'A'.repeat(43)}`;
    expect(await keyOf(request({ 'x-api-key': forged }))).toBe('addr:10.0.0.7');
    expect(await keyOf(request({ 'x-api-key': 'garbage', 'x-forwarded-for': '1.2.3.4' }))).toBe('addr:10.0.0.7');
    expect(await keyOf(request({}))).toBe('addr:10.0.0.7');
  });

  it('falls back to the address when the identity cannot answer, and without one', async () => {
    const failing = rateLimitKeyGenerator({ principalOf: () => Promise.reject(new Error('database down')) });
    expect(await failing(request({ 'x-api-key': 'the-real-key' }))).toBe('addr:10.0.0.7');
    expect(await rateLimitKeyGenerator()(request({ 'x-api-key': 'the-real-key' }))).toBe('addr:10.0.0.7');
  });

  it('does not look up keys for the probes, which are never limited', async () => {
    const principalOf = jest.fn(identity.principalOf);
    await rateLimitKeyGenerator({ principalOf })(request({ 'x-api-key': 'the-real-key' }, '/health/ready'));
    expect(principalOf).not.toHaveBeenCalled();
  });
});
