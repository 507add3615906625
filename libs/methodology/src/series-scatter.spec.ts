import { alertTransitionsFor } from './alerts';
import { assessProgress } from './progress';
import { MIN_POINTS_FOR_SCATTER, seriesScatter, trendChange, trendLevel } from './series-scatter';
import type { IndicatorSpec } from './types';

const pts = (values: number[], from = 2020) => values.map((value, i) => ({ year: from + i, value }));
const plan = { baseYear: 2020, targetYear: 2025, unit: 'years' } as const;
/** HEA-01: women's life expectancy ≥ 81.8 years by 2025. */
const lifeExpectancy = (extra: Partial<IndicatorSpec> = {}): IndicatorSpec => ({ ...plan, comparator: 'at_least', targetValue: 81.8, ...extra });

describe('seriesScatter (residual scatter about the least-squares line)', () => {
  it('matches a hand computation: 1, 3, 2, 4 over 2020–2023', () => {
    // x̄ = 2021.5, ȳ = 2.5, Sxx = 5, Sxy = 4 → slope 0.8; fitted 1.3, 2.1, 2.9, 3.7; residuals −0.3, 0.9, −0.9, 0.3.
    const s = seriesScatter(pts([1, 3, 2, 4]))!;
    expect(s.slope).toBeCloseTo(0.8, 12);
    expect(s.sxx).toBe(5);
    expect(s.degreesOfFreedom).toBe(2);
    expect(s.standardError).toBeCloseTo(Math.sqrt(1.8 / 2), 12);
    expect(s.tQuantile).toBeCloseTo(4.302653, 5); // t(0.975; 2)
    const level = trendLevel(s, 2023);
    expect(level.value).toBeCloseTo(3.7, 12);
    const half = 4.302653 * Math.sqrt(0.9) * Math.sqrt(1 / 4 + 1.5 ** 2 / 5);
    expect(level.lower).toBeCloseTo(3.7 - half, 5);
    expect(level.upper).toBeCloseTo(3.7 + half, 5);
    const change = trendChange(s, 3);
    expect(change.value).toBeCloseTo(2.4, 12);
    expect(change.upper - change.value).toBeCloseTo((4.302653 * Math.sqrt(0.9) * 3) / Math.sqrt(5), 5);
  });

  it('uses Student t with n − 2 degrees of freedom: 12.71 from three points, 2.78 from six', () => {
    expect(seriesScatter(pts([1, 2, 4]))!.tQuantile).toBeCloseTo(12.7062, 4);
    expect(seriesScatter(pts([1, 2, 4, 3, 5, 6]))!.tQuantile).toBeCloseTo(2.7764, 4);
  });

  it('needs three distinct years', () => {
    expect(MIN_POINTS_FOR_SCATTER).toBe(3);
    expect(seriesScatter(pts([1, 2]))).toBeNull();
    expect(seriesScatter([{ year: 2020, value: 1 }, { year: 2020, value: 2 }, { year: 2021, value: 3 }])).toBeNull();
  });

  it('is zero for a straight line (nothing scatters)', () => {
    expect(seriesScatter(pts([5, 7, 9, 11]))!.standardError).toBeCloseTo(0, 12);
  });
});

describe('progress of a series without counts respects its own scatter', () => {
  it('a noisy dip in an on-track life expectancy is insufficient evidence, not a lag', () => {
    // 80.6 → 81.1 → 80.9: R = 0.63 (acceleration needed) from the end points alone; one degree of freedom cannot tell.
    const r = assessProgress(lifeExpectancy(), pts([80.6, 81.1, 80.9]));
    expect(r.components.uncertainty!.pointStatus).toBe('acceleration_needed');
    expect(r.status).toBe('insufficient_evidence');
    expect(r.components.uncertainty!.source).toBe('series_scatter');
    expect(r.components.uncertainty!.scatter!.degreesOfFreedom).toBe(1);
    expect(alertTransitionsFor({ progress: r })).toEqual({ raise: [], resolve: [] });
  });

  it('a steady lag the scatter cannot explain stands (target year, six points)', () => {
    const r = assessProgress(lifeExpectancy(), pts([80.6, 80.7, 80.8, 80.8, 80.9, 81.0]));
    expect(r.status).toBe('limited');
    expect(r.reason).toBe('target_year_reached_not_met');
    // The trend's 2025 level: 81.0 ± 2.78 · s · √(1/6 + 2.5²/17.5), well short of 81.8.
    expect(r.components.uncertainty!.current!.upper).toBeLessThan(81.1);
    expect(r.components.uncertainty!.goalWithinInterval).toBe(false);
  });

  it('before the target year, reads the progress from the line’s slope (favourable limit of slope · years)', () => {
    // 80.6, 80.7, 80.8, 80.8: slope 0.07 a year, s = 0.039; the favourable slope still gives R ≈ 0.60 < 0.95.
    const r = assessProgress(lifeExpectancy(), pts([80.6, 80.7, 80.8, 80.8]));
    expect(r.status).toBe('limited');
    const u = r.components.uncertainty!;
    const s = seriesScatter(pts([80.6, 80.7, 80.8, 80.8]))!;
    const favourableEnd = trendLevel(s, 2020).value + trendChange(s, 3).upper;
    const growth = (favourableEnd / trendLevel(s, 2020).value) ** (1 / 3) - 1;
    expect(u.favourableDirectedCagr!).toBeCloseTo(growth, 12);
    expect(u.favourableRatio!).toBeCloseTo(growth / r.components.requiredCagr!, 12);
    expect(u.favourableRatio!).toBeLessThan(0.95);
  });

  it('a published baseline is not a sample: the scatter comes from the reported years only', () => {
    const r = assessProgress(lifeExpectancy({ baselineValue: 80.6 }), pts([80.9, 81.0, 81.2, 81.3], 2021));
    const u = r.components.uncertainty!;
    expect(u.base).toBeNull();
    expect(u.scatter!.points).toBe(4);
    expect(r.status).toBe('acceleration_needed');
    expect(u.favourableRatio!).toBeGreaterThan(r.components.ratio!);
  });

  it('directional goals: a wide scatter cannot rule out on-track progress, a tight one can', () => {
    const spec: IndicatorSpec = { ...plan, unit: '%', comparator: 'decrease' };
    expect(assessProgress(spec, pts([20, 23, 19, 22])).status).toBe('insufficient_evidence');
    expect(assessProgress(spec, pts([20, 21, 22.1, 22.9])).status).toBe('deteriorating');
  });

  it('leaves counted series to their counts: an intervals option, even empty, is never replaced by the scatter', () => {
    const r = assessProgress(lifeExpectancy(), pts([80.6, 81.1, 80.9]), { intervals: [] });
    expect(r.status).toBe('acceleration_needed');
    expect(r.components.uncertainty).toBeNull();
  });

  it('leaves gap distances alone (gap_narrows) and two-point series (no degrees of freedom)', () => {
    const gap: IndicatorSpec = { ...plan, unit: 'points', comparator: 'gap_narrows' };
    expect(assessProgress(gap, pts([10, 10.5, 11])).components.uncertainty).toBeNull();
    expect(assessProgress(lifeExpectancy(), pts([80.6, 80.7])).components.uncertainty).toBeNull();
  });
});
