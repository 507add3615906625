import { chunk, maxRowsPerStatement, PG_MAX_BIND_PARAMETERS } from './chunk';

describe('chunk', () => {
  it('splits into pieces of at most `size`, keeping order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
  it('returns no chunks for no items', () => {
    expect(chunk([], 3)).toEqual([]);
  });
  it('keeps 10,000+ items intact across chunks', () => {
    const items = Array.from({ length: 10_001 }, (_, i) => i);
    const parts = chunk(items, 1_000);
    expect(parts).toHaveLength(11);
    expect(parts[10]).toEqual([10_000]);
    expect(parts.flat()).toEqual(items);
  });
  it.each([0, -1, 1.5, NaN])('rejects size %p', (size) => {
    expect(() => chunk([1], size)).toThrow(/positive integer/);
  });
});

describe('maxRowsPerStatement', () => {
  it('stays within the 65,535 bind-parameter limit', () => {
    expect(maxRowsPerStatement(5)).toBe(13_107);
    expect(maxRowsPerStatement(5) * 5).toBeLessThanOrEqual(PG_MAX_BIND_PARAMETERS);
    expect((maxRowsPerStatement(5) + 1) * 5).toBeGreaterThan(PG_MAX_BIND_PARAMETERS);
  });
  it('applies a cap and never goes below one row', () => {
    expect(maxRowsPerStatement(5, 1_000)).toBe(1_000);
    expect(maxRowsPerStatement(100_000)).toBe(1);
  });
});
