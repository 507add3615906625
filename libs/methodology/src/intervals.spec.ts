import {
  countKindOf,
  countedValueInterval,
  intervalsOf,
  katzRatioInterval,
  newcombeDifferenceInterval,
  parityIndexBounds,
  poissonExactInterval,
  poissonRatioInterval,
  wilsonInterval,
  zFor,
} from './intervals';

const close = (actual: { lower: number; upper: number }, lower: number, upper: number, digits = 4) => {
  expect(actual.lower).toBeCloseTo(lower, digits);
  expect(actual.upper).toBeCloseTo(upper, digits);
};

describe('wilsonInterval', () => {
  it('matches the published examples (Newcombe 1998, table I)', () => {
    close(wilsonInterval(0, 10), 0, 0.2775);
    close(wilsonInterval(5, 10), 0.2366, 0.7634);
    close(wilsonInterval(81, 263), 0.2553, 0.3662);
    close(wilsonInterval(15, 148), 0.0624, 0.1605);
    close(wilsonInterval(1, 29), 0.0061, 0.1718);
  });

  it('stays inside [0, 1] and is exact at the ends', () => {
    expect(wilsonInterval(0, 10).lower).toBe(0);
    expect(wilsonInterval(10, 10).upper).toBe(1);
    close(wilsonInterval(10, 10), 0.7225, 1);
  });

  it('narrows as the denominator grows', () => {
    const small = wilsonInterval(1, 5);
    const large = wilsonInterval(40, 200);
    expect(large.upper - large.lower).toBeLessThan(small.upper - small.lower);
  });

  it('rejects x > n and non-positive n', () => {
    expect(() => wilsonInterval(6, 5)).toThrow(RangeError);
    expect(() => wilsonInterval(0, 0)).toThrow(RangeError);
  });
});

describe('poissonExactInterval (Garwood)', () => {
  it.each([
    [0, 0, 3.6889],
    [1, 0.0253, 5.5716],
    [2, 0.2422, 7.2247],
    [3, 0.6186, 8.7673],
    [4, 1.0899, 10.2416],
    [5, 1.6235, 11.6683],
    [6, 2.2019, 13.0595],
    [7, 2.8144, 14.4227],
    [8, 3.4538, 15.7632],
    [9, 4.1154, 17.0848],
    [10, 4.7954, 18.3904],
  ])('x = %d → [%d, %d]', (x, lower, upper) => {
    close(poissonExactInterval(x), lower, upper, 3);
  });
});

describe('countedValueInterval', () => {
  it('uses Wilson for a share and scales it by the factor', () => {
    const i = countedValueInterval(5, 10, 100)!;
    expect(i.method).toBe('wilson');
    close(i, 23.66, 76.34, 1);
  });

  it('uses the exact Poisson interval for a rate per 100,000', () => {
    // 2 maternal deaths in 8,000 live births: 25 per 100,000, exact [3.03, 90.31].
    const i = countedValueInterval(2, 8000, 100_000)!;
    expect(i.method).toBe('poisson_exact');
    close(i, (0.2422 * 100_000) / 8000, (7.2247 * 100_000) / 8000, 1);
  });

  it('treats a percentage whose numerator exceeds its denominator as a rate', () => {
    expect(countKindOf(120, 100, 100)).toBe('rate');
    expect(countedValueInterval(120, 100, 100)!.method).toBe('poisson_exact');
  });

  it('gives no interval without counts', () => {
    expect(countedValueInterval(null, null, 1)).toBeNull();
    expect(countedValueInterval(3, 0, 100)).toBeNull();
    expect(countedValueInterval(3, null, 100)).toBeNull();
    expect(countedValueInterval(-1, 10, 100)).toBeNull();
  });

  it('intervalsOf keeps the years that have one', () => {
    const out = intervalsOf({ factor: 100, counts: [{ year: 2021, numerator: 5, denominator: 10 }, { year: 2022, numerator: 1, denominator: 0 }] });
    expect(out.map((i) => i.year)).toEqual([2021]);
    expect(out[0].method).toBe('wilson');
  });
});

describe('two-sample intervals', () => {
  it('Katz log interval of a ratio of proportions', () => {
    // 20/100 vs 10/100: RR 2, √(0.8/20 + 0.9/10) = 0.3606 → [0.987, 4.054].
    const r = katzRatioInterval(20, 100, 10, 100);
    expect(r.estimate).toBeCloseTo(2, 10);
    close(r, 0.9866, 4.0543, 3);
  });

  it('log-ratio interval of two Poisson rates', () => {
    // 20 vs 10 events over equal exposure: exp(ln 2 ± 1.96·√(1/20 + 1/10)) → [0.936, 4.273].
    const r = poissonRatioInterval(20, 1000, 10, 1000);
    close(r, 0.9362, 4.2726, 3);
  });

  it('keeps zero counts finite', () => {
    const r = katzRatioInterval(0, 10, 3, 10);
    expect(Number.isFinite(r.lower) && Number.isFinite(r.upper)).toBe(true);
    expect(r.estimate).toBe(0);
  });

  it("Newcombe's hybrid score interval of a difference (Newcombe 1998, table II: 56/70 − 48/80)", () => {
    const d = newcombeDifferenceInterval(56, 70, 48, 80);
    expect(d.estimate).toBeCloseTo(0.2, 10);
    close(d, 0.0524, 0.3339, 3);
  });

  it('folds a ratio interval into the parity index', () => {
    expect(parityIndexBounds({ lower: 1.2, upper: 1.5 })).toEqual({ lower: 1.2, upper: 1.5 });
    const below = parityIndexBounds({ lower: 0.5, upper: 0.8 });
    expect(below.lower).toBeCloseTo(1.25, 10);
    expect(below.upper).toBeCloseTo(2, 10);
    expect(parityIndexBounds({ lower: 0.8, upper: 1.1 })).toEqual({ lower: 1, upper: 1.25 });
  });

  it('zFor(0.95) is 1.96', () => {
    expect(zFor(0.95)).toBeCloseTo(1.959964, 5);
    expect(() => zFor(1)).toThrow(RangeError);
  });
});
