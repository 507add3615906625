import { validate, version } from 'uuid';
import { derivedId, newId } from './ids';

describe('newId', () => {
  it('mints valid version 7 UUIDs carrying the current millisecond', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    expect(validate(id)).toBe(true);
    expect(version(id)).toBe(7);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  });

  it('keeps its order within a millisecond: a burst of ids sorts as it was minted, with no repeat', () => {
    const burst = Array.from({ length: 10_000 }, newId);
    const perMs = new Map<string, number>();
    for (const id of burst) perMs.set(id.slice(0, 13), (perMs.get(id.slice(0, 13)) ?? 0) + 1);
    // The burst must really share milliseconds, or the order would come from the clock alone.
    expect(Math.max(...perMs.values())).toBeGreaterThan(1);
    expect([...burst].sort()).toEqual(burst);
    expect(new Set(burst).size).toBe(burst.length);
  });

  it('derivedId: the same name gives the same UUID, another name another', () => {
    const a = derivedId('0193-a:rejected');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(derivedId('0193-a:rejected')).toBe(a);
    expect(derivedId('0193-b:rejected')).not.toBe(a);
  });
});
