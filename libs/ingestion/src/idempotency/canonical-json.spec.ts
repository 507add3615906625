import { canonicalJson, contentHash, requestFingerprint } from './canonical-json';

describe('canonical JSON and request fingerprints', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('hashes bodies that differ only in key order the same, and different content differently', () => {
    const a = { items: [{ reference: 'X', area: '520103', attributes: { p: 'hospital', m: 'vaginal' } }] };
    const b = { items: [{ attributes: { m: 'vaginal', p: 'hospital' }, area: '520103', reference: 'X' }] };
    expect(requestFingerprint('post', '/v1/records/live-birth', a)).toBe(requestFingerprint('POST', '/v1/records/live-birth', b));
    expect(contentHash(a)).toBe(contentHash(b));
    expect(contentHash(a)).not.toBe(contentHash({ items: [{ ...a.items[0], area: '520103001' }] }));
  });

  it('ties a fingerprint to the operation as well as the body', () => {
    const body = { reference: 'X' };
    expect(requestFingerprint('POST', '/v1/records/live-birth', body)).not.toBe(requestFingerprint('POST', '/v1/records/maternal-death', body));
    expect(requestFingerprint('POST', '/v1/records/live-birth', body)).not.toBe(requestFingerprint('PUT', '/v1/records/live-birth', body));
    // Array order is meaningful: rows are positions.
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });
});
