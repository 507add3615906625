import { cagr, replaceZero, valueGrowthRate } from './cagr';
import { InvalidSeriesError, InvalidSpecError } from './errors';
import { normalizeSeries } from './series';
import { resolveGoal } from './goal';
import type { IndicatorSpec } from './types';

const base = { baseYear: 2020, targetYear: 2025, unit: '%' } as const;

describe('normalizeSeries', () => {
  it('sorts by year without touching the input', () => {
    const input = [{ year: 2022, value: 3 }, { year: 2020, value: 1 }, { year: 2021, value: 2 }];
    expect(normalizeSeries(input).map((p) => p.year)).toEqual([2020, 2021, 2022]);
    expect(input[0].year).toBe(2022);
  });

  it('rejects duplicate years and names them', () => {
    try {
      normalizeSeries([{ year: 2021, value: 1 }, { year: 2023, value: 1 }, { year: 2021, value: 1 }, { year: 2023, value: 2 }]);
      throw new Error('expected a throw');
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidSeriesError);
      expect((e as InvalidSeriesError).duplicateYears).toEqual([2021, 2023]);
    }
  });

  it('rejects non-integer years and non-finite values', () => {
    expect(() => normalizeSeries([{ year: 2020.5, value: 1 }])).toThrow(InvalidSeriesError);
    expect(() => normalizeSeries([{ year: 2020, value: Number.NaN }])).toThrow(InvalidSeriesError);
    expect(() => normalizeSeries([{ year: 2020, value: Infinity }])).toThrow(InvalidSeriesError);
  });
});

describe('resolveGoal', () => {
  it.each<[IndicatorSpec, unknown]>([
    [{ ...base, comparator: 'at_least', targetValue: 70 }, { kind: 'target', direction: 'higher', target: 70, distanceFrom: null }],
    [{ ...base, comparator: 'at_most', targetValue: 10 }, { kind: 'target', direction: 'lower', target: 10, distanceFrom: null }],
    [{ ...base, comparator: 'about', targetValue: 40, tolerance: 2 }, { kind: 'band', lower: 38, upper: 42, centre: 40 }],
    [{ ...base, comparator: 'increase' }, { kind: 'directional', direction: 'higher', distanceFrom: null }],
    [{ ...base, comparator: 'decrease' }, { kind: 'directional', direction: 'lower', distanceFrom: null }],
    [{ ...base, comparator: 'gap_narrows' }, { kind: 'directional', direction: 'lower', distanceFrom: 0 }],
    [{ ...base, comparator: 'parity', referenceValue: 1 }, { kind: 'band', lower: 1, upper: 1, centre: 1 }],
    [{ ...base, comparator: 'coverage' }, { kind: 'target', direction: 'higher', target: 100, distanceFrom: null }],
  ])('%o', (spec, goal) => {
    expect(resolveGoal(spec)).toEqual(goal);
  });

  it.each<[string, IndicatorSpec]>([
    ['missing target', { ...base, comparator: 'at_least' }],
    ['direction contradicts at_most', { ...base, comparator: 'at_most', targetValue: 1, direction: 'higher' }],
    ['target year not after base', { ...base, comparator: 'increase', targetYear: 2020 }],
    ['fractional year', { ...base, comparator: 'increase', baseYear: 2020.5 }],
    ['negative tolerance', { ...base, comparator: 'about', targetValue: 50, tolerance: -1 }],
    ['non-finite target', { ...base, comparator: 'at_least', targetValue: Number.NaN }],
    ['zero epsilon', { ...base, comparator: 'increase', zeroEpsilon: 0 }],
    ['unknown comparator', { ...base, comparator: 'roughly' as never }],
  ])('rejects %s', (_name, spec) => {
    expect(() => resolveGoal(spec)).toThrow(InvalidSpecError);
  });

  it('accepts a direction that agrees with the comparator', () => {
    expect(resolveGoal({ ...base, comparator: 'at_least', targetValue: 1, direction: 'higher' })).toMatchObject({ direction: 'higher' });
  });
});

describe('cagr helpers', () => {
  it('cagr = (to/from)^(1/years) − 1', () => {
    // (121/100)^(1/2) − 1 = 0.1
    expect(cagr(100, 121, 2)).toBeCloseTo(0.1, 12);
  });

  it('cagr refuses zero, opposite signs and non-positive spans', () => {
    expect(() => cagr(0, 1, 1)).toThrow(RangeError);
    expect(() => cagr(-1, 1, 1)).toThrow(RangeError);
    expect(() => cagr(1, 2, 0)).toThrow(RangeError);
  });

  it('valueGrowthRate is positive when a negative value rises', () => {
    // −10 → −5 over 1 year: raw cagr −0.5, × sign(−10) = +0.5.
    expect(valueGrowthRate(-10, -5, 1)).toBeCloseTo(0.5, 12);
    expect(valueGrowthRate(-1, 1, 1)).toBeNull();
  });

  it('replaceZero keeps the sign of the base', () => {
    expect(replaceZero(0, 0.001)).toEqual({ value: 0.001, replaced: true });
    expect(replaceZero(0, 0.001, -1)).toEqual({ value: -0.001, replaced: true });
    expect(replaceZero(3, 0.001)).toEqual({ value: 3, replaced: false });
  });
});
