import { alertTransitionsFor } from './alerts';
import { assessIndicator } from './assess';
import { intervalsOf, type CountBasis } from './intervals';
import { assessProgress } from './progress';
import type { IndicatorSpec } from './types';

const plan = { baseYear: 2020, targetYear: 2025, unit: '%' } as const;
const atLeast = (targetValue: number, extra: Partial<IndicatorSpec> = {}): IndicatorSpec => ({ ...plan, comparator: 'at_least', targetValue, ...extra });

/** Shares in % from counts, and their intervals. */
function counted(rows: [year: number, x: number, n: number][]) {
  const basis: CountBasis = { factor: 100, counts: rows.map(([year, numerator, denominator]) => ({ year, numerator, denominator })) };
  return { points: rows.map(([year, x, n]) => ({ year, value: (x * 100) / n })), basis, intervals: intervalsOf(basis) };
}

describe('progress that respects the values’ 95 % intervals', () => {
  it('a target inside the current interval is insufficient evidence, not a lag (50 women, 42 %, target 50 %)', () => {
    const { points, intervals } = counted([[2023, 21, 50]]);
    const spec = atLeast(50, { baselineValue: 40 });
    expect(assessProgress(spec, points).status).toBe('limited');
    const r = assessProgress(spec, points, { intervals });
    expect(r.status).toBe('insufficient_evidence');
    expect(r.reason).toBe('target_within_interval');
    const u = r.components.uncertainty!;
    expect(u.pointStatus).toBe('limited');
    expect(u.base).toBeNull(); // a published baseline is not a sample
    expect(u.current!.lower).toBeCloseTo(29.4, 0);
    expect(u.current!.upper).toBeCloseTo(55.8, 1);
    expect(u.goalWithinInterval).toBe(true);
  });

  it('the same share among 5,000 women is a lag the data show: the status stands', () => {
    const { points, intervals } = counted([[2023, 2100, 5000]]);
    const r = assessProgress(atLeast(50, { baselineValue: 40 }), points, { intervals });
    // R = 0.36; at the favourable limit 43.4 % it is still ≈ 0.60, below 0.95.
    expect(r.status).toBe('limited');
    expect(r.reason).toBe('ratio_threshold');
    expect(r.components.uncertainty!.favourableRatio!).toBeGreaterThan(r.components.ratio!);
    expect(r.components.uncertainty!.favourableRatio!).toBeLessThan(0.95);
  });

  it('when the intervals of base and current allow on-track progress, the status says so (MOVER on the log scale)', () => {
    // 40/100 → 44/100 in two years, target 60 %: R = 0.58 (limited), but 40 % could be 31 % and 44 % could be 54 %.
    const { points, intervals } = counted([[2020, 40, 100], [2022, 44, 100]]);
    const r = assessProgress(atLeast(60), points, { intervals });
    expect(r.components.ratio!).toBeCloseTo(0.58, 2);
    expect(r.status).toBe('insufficient_evidence');
    expect(r.reason).toBe('on_track_within_interval');
    expect(r.components.uncertainty!.favourableRatio!).toBeGreaterThan(0.95);
  });

  it('in the target year only the target’s place in the interval matters', () => {
    const far = counted([[2020, 400, 1000], [2025, 440, 1000]]);
    expect(assessProgress(atLeast(60), far.points, { intervals: far.intervals }).reason).toBe('target_year_reached_not_met');
    const near = counted([[2020, 40, 100], [2025, 56, 100]]);
    const r = assessProgress(atLeast(60), near.points, { intervals: near.intervals });
    expect(r.status).toBe('insufficient_evidence');
    expect(r.reason).toBe('target_within_interval');
  });

  it('leaves favourable verdicts and series without intervals as they were', () => {
    const { points, intervals } = counted([[2020, 40, 100], [2023, 62, 100]]);
    expect(assessProgress(atLeast(60), points, { intervals }).status).toBe('achieved');
    const plain = assessProgress(atLeast(60), [{ year: 2020, value: 40 }, { year: 2022, value: 44 }]);
    expect(plain.status).toBe('limited');
    expect(plain.components.uncertainty).toBeNull();
  });

  it('judges lower-is-better goals at the lower limit (a rate per 100,000)', () => {
    // Maternal deaths: 3 in 10,000 births (30 per 100,000) against a ceiling of 20: the exact interval reaches 6.2.
    const basis: CountBasis = { factor: 100_000, counts: [{ year: 2023, numerator: 3, denominator: 10_000 }] };
    const spec: IndicatorSpec = { ...plan, unit: 'per 100,000', comparator: 'at_most', targetValue: 20, baselineValue: 25 };
    const r = assessProgress(spec, [{ year: 2023, value: 30 }], { intervals: intervalsOf(basis) });
    expect(r.components.uncertainty!.pointStatus).toBe('deteriorating');
    expect(r.status).toBe('insufficient_evidence');
  });

  it('directional goals compare the favourable directed CAGR with the on-track rate', () => {
    const spec: IndicatorSpec = { ...plan, comparator: 'increase' };
    const small = counted([[2020, 20, 100], [2023, 19, 100]]);
    expect(assessProgress(spec, small.points, { intervals: small.intervals }).status).toBe('insufficient_evidence');
    const large = counted([[2020, 20_000, 100_000], [2023, 19_000, 100_000]]);
    expect(assessProgress(spec, large.points, { intervals: large.intervals }).status).toBe('deteriorating');
  });

  it('assessIndicator derives the intervals from the counts', () => {
    const { points, basis } = counted([[2023, 21, 50]]);
    const r = assessIndicator(atLeast(50, { baselineValue: 40 }), points, { counts: basis });
    expect(r.progress.status).toBe('insufficient_evidence');
  });

  it('insufficient evidence raises no alert and resolves none', () => {
    const { points, intervals } = counted([[2020, 40, 100], [2021, 41, 100], [2022, 44, 100]]);
    const progress = assessProgress(atLeast(60), points, { intervals });
    expect(progress.status).toBe('insufficient_evidence');
    expect(progress.evidence.level).toBe('moderate');
    expect(alertTransitionsFor({ progress })).toEqual({ raise: [], resolve: [] });
  });
});
