import { rateLimitKey } from './rate-limit';

const request = (headers: Record<string, string | string[]>, remoteAddress = '10.0.0.7') =>
  ({ headers, socket: { remoteAddress } }) as unknown as Parameters<typeof rateLimitKey>[0];

describe('rateLimitKey', () => {
  const key = `wdp_social-security_0a1b2c3d_${'A'.repeat(43)}`;

  it('counts a request against its key’s public prefix, never the secret', () => {
    expect(rateLimitKey(request({ 'x-api-key': key }))).toBe('key:0a1b2c3d');
    expect(rateLimitKey(request({ 'x-api-key': [` ${key} `] }))).toBe('key:0a1b2c3d');
    expect(rateLimitKey(request({ 'x-api-key': key }))).not.toContain('AAAA');
  });

  it('counts anything else against the connecting address, not a header the client writes', () => {
    expect(rateLimitKey(request({}))).toBe('addr:10.0.0.7');
    expect(rateLimitKey(request({ 'x-api-key': 'garbage', 'x-forwarded-for': '1.2.3.4' }))).toBe('addr:10.0.0.7');
  });
});
