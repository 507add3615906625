import { loggableText, redactUrl } from './logging';

const ID = '11010519491231002X';

describe('redactUrl', () => {
  it('keeps the query’s parameter names and masks every value (tokens, keys, filters, reasons)', () => {
    expect(redactUrl('/v1/alerts/stream?token=abc123&lastEventId=4')).toBe('/v1/alerts/stream?token=…&lastEventId=…');
    expect(redactUrl('/v1/records/live-birth?periodFrom=2024-01&area=520103')).toBe('/v1/records/live-birth?periodFrom=…&area=…');
    expect(redactUrl(`/v1/records/live-birth?area=${ID}`)).toBe('/v1/records/live-birth?area=…');
    expect(redactUrl('/v1/records/live-birth?')).toBe('/v1/records/live-birth');
  });

  it('masks a parameter name that is not a plain identifier', () => {
    expect(redactUrl(`/v1/kinds?${ID}=1&a%E2%80%8Bb=2&ok=3`)).toBe('/v1/kinds?…=…&…=…&ok=…');
  });

  it('masks an API key pasted into the URL', () => {
    const key = 'wdp_health_d035c564_diK1uzEK_SB8XzQeWWQtGm0bbuFT9fSA00TRvJDAMko';
    expect(redactUrl(`/v1/admin/api-keys/1?reason=${key}`)).toBe('/v1/admin/api-keys/1?reason=…');
    expect(redactUrl(`/v1/admin/api-keys/${key}`)).toBe('/v1/admin/api-keys/[redacted]');
  });

  it.each([
    ['plain', ID],
    ['percent-encoded digits', [...ID].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')],
    ['zero-width spaces, percent-encoded', `110105%E2%80%8B19491231%E2%80%8B002X`],
    ['zero-width spaces, raw', '110105\u200b19491231\u200b002X'],
    ['spaces', '110105%2019491231%20002X'],
    ['embedded', `ref-${ID}-x`],
    ['full-width digits', encodeURIComponent('１１０１０５１９４９１２３１００２Ｘ')],
    ['after a broken escape that swallows its first digit', `%E0%A4%A${ID}`],
    ['percent-encoded twice', encodeURIComponent(encodeURIComponent(`110105\u200b19491231\u200b002X`))],
  ])('replaces a path segment holding an ID (%s)', (_form, segment) => {
    expect(redactUrl(`/v1/records/live-birth/${segment}?reason=x`)).toBe('/v1/records/live-birth/[redacted]?reason=…');
  });

  it('replaces the segments of an ID split across the path, and undecodable segments', () => {
    const logged = redactUrl('/v1/records/110105/19491231002X')!;
    expect(logged).not.toMatch(/110105|19491231/);
    expect(redactUrl('/v1/records/live-birth/%E0%A4%A')).toBe('/v1/records/live-birth/[undecodable]');
  });

  it('leaves ordinary paths alone', () => {
    expect(redactUrl('/v1/records/live-birth/0b8a2c1e-5d3f-4c55-9a53-0c2f7e1b9d11')).toBe('/v1/records/live-birth/0b8a2c1e-5d3f-4c55-9a53-0c2f7e1b9d11');
  });
});

describe('loggableText', () => {
  it('withholds text with an ID number and masks keys', () => {
    expect(loggableText(`curl/8 (${ID.slice(0, 6)}\u200b${ID.slice(6)})`, 'user agent')).toBe('[user agent withheld: it held a resident ID number]');
    expect(loggableText('Mozilla/5.0')).toBe('Mozilla/5.0');
    expect(loggableText(undefined)).toBeUndefined();
  });
});
