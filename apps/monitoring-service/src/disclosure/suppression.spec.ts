import { type DisclosureCell, isSmallCell, suppressCells } from './suppression';

const cell = (sex: string, records: number | null, over: Partial<DisclosureCell> = {}): DisclosureCell => ({
  indicatorCode: 'HEA-09', areaCode: '520103', year: 2023, sex, value: records, numerator: records, denominator: null, records, ...over,
});
const bySex = (cells: ReturnType<typeof suppressCells>) => Object.fromEntries(cells.map((c) => [`${c.areaCode}/${c.sex}`, c.suppressed]));

describe('isSmallCell', () => {
  it('hides 1..k−1 records and denominators below k, keeps zero and ≥ k', () => {
    expect(isSmallCell({ records: 3, denominator: null }, 5)).toBe(true);
    expect(isSmallCell({ records: 0, denominator: 4000 }, 5)).toBe(false);
    expect(isSmallCell({ records: 5, denominator: null }, 5)).toBe(false);
    expect(isSmallCell({ records: 40, denominator: 4 }, 5)).toBe(true);
    expect(isSmallCell({ records: null, denominator: null }, 5)).toBe(false);
  });
});

describe('suppressCells', () => {
  it('hides the other sex too, so female = total − male cannot reveal a hidden cell', () => {
    const out = suppressCells([cell('F', 3), cell('M', 40), cell('T', 43)], { k: 5 });
    expect(bySex(out)).toEqual({ '520103/F': 'small_cell', '520103/M': 'complementary', '520103/T': null });
    // Nothing published allows recovering F: T is there, but M is not.
    expect(out.find((c) => c.sex === 'F')).toMatchObject({ value: null, numerator: null, denominator: null });
    expect(out.find((c) => c.sex === 'M')!.value).toBeNull();
    expect(out.find((c) => c.sex === 'T')!.value).toBe(43);
  });

  it('leaves a group alone when both sexes are already hidden or none is', () => {
    expect(bySex(suppressCells([cell('F', 2), cell('M', 1), cell('T', 3)], { k: 5 }))).toEqual({ '520103/F': 'small_cell', '520103/M': 'small_cell', '520103/T': 'small_cell' });
    expect(bySex(suppressCells([cell('F', 20), cell('M', 40), cell('T', 60)], { k: 5 }))).toEqual({ '520103/F': null, '520103/M': null, '520103/T': null });
  });

  it('hides a rate with its numerator and denominator (a rate times its denominator is the numerator)', () => {
    const [f] = suppressCells([cell('F', 2, { value: 50, numerator: 2, denominator: 4000 })], { k: 5 });
    expect(f).toMatchObject({ suppressed: 'small_cell', value: null, numerator: null, denominator: null });
  });

  it('hides a sibling area too, so a street cannot be recovered as district − other streets; then the sexes again', () => {
    const parentOf = (a: string) => (a.length === 9 ? '520103' : undefined);
    const cells = [
      cell('T', 60, { areaCode: '520103' }),
      cell('T', 3, { areaCode: '520103001' }),
      cell('T', 30, { areaCode: '520103002' }),
      cell('T', 27, { areaCode: '520103003' }),
      cell('F', 20, { areaCode: '520103003' }),
      cell('M', 7, { areaCode: '520103003' }),
    ];
    const out = suppressCells(cells, { k: 5, parentOf });
    expect(bySex(out)).toEqual({ '520103/T': null, '520103001/T': 'small_cell', '520103003/T': 'complementary', '520103002/T': null, '520103003/F': null, '520103003/M': 'complementary' });
    // Published numbers no longer pin down street 001: 60 − 30 = 30 is the sum of two hidden streets.
    const published = out.filter((c) => c.sex === 'T' && c.value !== null).map((c) => c.areaCode);
    expect(published).toEqual(['520103', '520103002']);
  });

  it('a hidden total beside two published sexes hides the smaller sex', () => {
    expect(bySex(suppressCells([cell('F', 20), cell('M', 9), cell('T', 29, { denominator: 3 })], { k: 5 }))).toEqual({ '520103/F': null, '520103/M': 'complementary', '520103/T': 'small_cell' });
  });

  it('no published combination reveals a hidden cell (exhaustive over small tables)', () => {
    for (let f = 0; f <= 8; f++)
      for (let m = 0; m <= 8; m++) {
        const out = suppressCells([cell('F', f), cell('M', m), cell('T', f + m)], { k: 5 });
        const shown = new Map(out.filter((c) => !c.suppressed).map((c) => [c.sex, c.value!]));
        for (const c of out.filter((x) => x.suppressed && x.sex !== 'T')) {
          const other = c.sex === 'F' ? 'M' : 'F';
          expect(shown.has('T') && shown.has(other)).toBe(false);
        }
      }
  });
});
