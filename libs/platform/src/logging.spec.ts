import { redactUrl } from './logging';

describe('redactUrl', () => {
  it('masks token-like query parameters', () => {
    expect(redactUrl('/v1/alerts/stream?token=abc123&lastEventId=4')).toBe('/v1/alerts/stream?token=[redacted]&lastEventId=4');
    expect(redactUrl('/v1/records/live-birth?apiKey=x')).toBe('/v1/records/live-birth?apiKey=[redacted]');
  });

  it('masks an API key pasted anywhere in the URL', () => {
    const key = 'wdp_health_d035c564_diK1uzEK_SB8XzQeWWQtGm0bbuFT9fSA00TRvJDAMko';
    expect(redactUrl(`/v1/admin/api-keys/1?reason=${key}`)).toBe('/v1/admin/api-keys/1?reason=[redacted]');
  });

  it('leaves ordinary URLs alone', () => {
    expect(redactUrl('/v1/records/live-birth?periodFrom=2024-01&area=520103')).toBe('/v1/records/live-birth?periodFrom=2024-01&area=520103');
  });
});
