import fc from 'fast-check';
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

/** canonicalJson as it was before its fast path: the definition the fast path must reproduce exactly. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : reference(v))).join(',')}]`;
  const entries = Object.keys(value as object)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${reference((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

describe('canonical JSON fast path', () => {
  it('writes exactly what the key-by-key walk writes, for any value at all', () => {
    const key = fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', '0', '9', '10', '01', '-1', 'toJSON', 'a', 'B'));
    const anything = fc.anything({
      key, maxDepth: 4, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true,
      withObjectString: true, withSparseArray: true, withTypedArray: true, withUnicodeString: true,
    });
    fc.assert(fc.property(anything, (value) => expect(canonicalJson(value)).toBe(reference(value))), { numRuns: 3000, seed: 16 });
    fc.assert(fc.property(fc.jsonValue(), (value) => expect(canonicalJson(value)).toBe(reference(value))), { numRuns: 2000, seed: 16 });
  });

  it('keeps the walk’s output where a sorted copy could not: index keys, an own __proto__, holes, functions', () => {
    const cases: unknown[] = [
      { 10: 'a', 9: 'b', x: 1 }, JSON.parse('{"__proto__": {"a": 1}, "b": 2}'), [1, , 3], { f: () => 1, s: Symbol('s'), u: undefined }, // eslint-disable-line no-sparse-arrays
      [undefined, () => 1], new Date(0), new String('ab'), -0, undefined, { toJSON: () => 'x' },
    ];
    for (const c of cases) expect(canonicalJson(c)).toBe(reference(c));
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });
});
