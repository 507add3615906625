import { InvalidSeriesError, InvalidSpecError } from './errors';
import { assessProgress } from './progress';
import type { IndicatorSpec, YearValue } from './types';
import { METHODOLOGY_VERSION } from './version';

const pts = (byYear: Record<number, number>): YearValue[] => Object.entries(byYear).map(([y, v]) => ({ year: Number(y), value: v }));
const plan = { baseYear: 2020, targetYear: 2025, unit: '%' } as const;
const atLeast = (targetValue: number, extra: Partial<IndicatorSpec> = {}): IndicatorSpec => ({ ...plan, comparator: 'at_least', targetValue, ...extra });
const atMost = (targetValue: number, extra: Partial<IndicatorSpec> = {}): IndicatorSpec => ({ ...plan, comparator: 'at_most', targetValue, ...extra });

describe('assessProgress: numeric targets (at_least / at_most)', () => {
  // Required CAGR for 100 → 161.051 over 2020→2025: 1.61051^(1/5) − 1 = 0.10 exactly (1.1^5 = 1.61051).
  const target = 161.051;

  it('achieved when the latest value already meets an at_least target', () => {
    // 60 (2020) → 72 (2022) with target 70: 72 ≥ 70.
    const a = assessProgress(atLeast(70), pts({ 2020: 60, 2022: 72 }));
    expect(a.status).toBe('achieved');
    expect(a.reason).toBe('target_met');
    // The components are still reported: observed = (72/60)^(1/2) − 1 = 0.0954451.
    expect(a.components.observedCagr).toBeCloseTo(0.0954451, 6);
    expect(a.methodologyVersion).toBe(METHODOLOGY_VERSION);
  });

  it('on_track when R = 1 (observed 10 %/yr = required 10 %/yr)', () => {
    // 100 → 121 over 2 years: 1.21^(1/2) − 1 = 0.10 → R = 0.10 / 0.10 = 1.0 ≥ 0.95.
    const a = assessProgress(atLeast(target), pts({ 2020: 100, 2022: 121 }));
    expect(a.status).toBe('on_track');
    expect(a.reason).toBe('ratio_threshold');
    expect(a.components.observedCagr).toBeCloseTo(0.1, 12);
    expect(a.components.requiredCagr).toBeCloseTo(0.1, 12);
    expect(a.components.ratio).toBeCloseTo(1, 12);
  });

  it('acceleration_needed when R = 0.7', () => {
    // 100 → 114.49 = 100·1.07²: observed 0.07 → R = 0.07/0.10 = 0.70 ∈ [0.60, 0.95).
    const a = assessProgress(atLeast(target), pts({ 2020: 100, 2022: 114.49 }));
    expect(a.status).toBe('acceleration_needed');
    expect(a.components.ratio).toBeCloseTo(0.7, 10);
  });

  it('limited when R = 0.25', () => {
    // 100 → 105.0625 = 100·1.025²: observed 0.025 → R = 0.25 ∈ [0, 0.60).
    const a = assessProgress(atLeast(target), pts({ 2020: 100, 2022: 105.0625 }));
    expect(a.status).toBe('limited');
    expect(a.components.ratio).toBeCloseTo(0.25, 10);
  });

  it('deteriorating when R = −0.5', () => {
    // 100 → 90.25 = 100·0.95²: observed −0.05 → R = −0.05/0.10 = −0.5 < 0.
    const a = assessProgress(atLeast(target), pts({ 2020: 100, 2022: 90.25 }));
    expect(a.status).toBe('deteriorating');
    expect(a.components.ratio).toBeCloseTo(-0.5, 10);
  });

  it('at_most: a falling value is progress (direction lower, R = 0.5537 → limited)', () => {
    // 控制在10%以下: base 20 (2020), target 10 (2025): required = 0.5^(1/5) − 1 = −0.1294494.
    // 2023: 16 → observed = 0.8^(1/3) − 1 = −0.0716822; directed = +0.0716822; R = 0.0716822/0.1294494 = 0.553747.
    const a = assessProgress(atMost(10), pts({ 2020: 20, 2023: 16 }));
    expect(a.components.direction).toBe('lower');
    expect(a.components.requiredCagr).toBeCloseTo(-0.1294494, 6);
    expect(a.components.directedCagr).toBeCloseTo(0.0716822, 6);
    expect(a.components.ratio).toBeCloseTo(0.553747, 5);
    expect(a.status).toBe('limited');
  });

  it('at_most: 20 → 14 in three years gives R = 0.8659 → acceleration_needed', () => {
    // observed = 0.7^(1/3) − 1 = −0.112096 → R = 0.112096/0.129449 = 0.865944.
    const a = assessProgress(atMost(10), pts({ 2020: 20, 2023: 14 }));
    expect(a.components.ratio).toBeCloseTo(0.865944, 5);
    expect(a.status).toBe('acceleration_needed');
  });

  it('at_most: achieved when the latest value is at or below the target', () => {
    expect(assessProgress(atMost(10), pts({ 2020: 20, 2023: 10 })).status).toBe('achieved');
    expect(assessProgress(atMost(10), pts({ 2020: 20, 2023: 9.9 })).status).toBe('achieved');
  });

  it('reports explicit direction and the target on every numeric result', () => {
    const a = assessProgress(atLeast(70), pts({ 2020: 60, 2021: 61 }));
    expect(a.components).toMatchObject({ comparator: 'at_least', direction: 'higher', targetValue: 70, targetYear: 2025, band: null });
    expect(a.components.thresholds.ratio).toEqual({ onTrack: 0.95, accelerationNeeded: 0.6, limited: 0 });
  });

  it('honours custom ratio thresholds', () => {
    // R = 0.7 is acceleration_needed by default, on_track when onTrack is lowered to 0.7.
    const a = assessProgress(atLeast(target, { ratioThresholds: { onTrack: 0.7 } }), pts({ 2020: 100, 2022: 114.49 }));
    expect(a.status).toBe('on_track');
    expect(a.components.thresholds.ratio.onTrack).toBe(0.7);
  });

  it('rejects thresholds that are not ordered', () => {
    expect(() => assessProgress(atLeast(70, { ratioThresholds: { onTrack: 0.5 } }), pts({ 2020: 1, 2021: 2 }))).toThrow(InvalidSpecError);
  });
});

describe('assessProgress: coverage', () => {
  it('defaults the target to 100 (full coverage)', () => {
    // 40 (2020) → 80 (2023): observed = 2^(1/3) − 1 = 0.259921; required = 2.5^(1/5) − 1 = 0.201124; R = 1.292339.
    const a = assessProgress({ ...plan, comparator: 'coverage' }, pts({ 2020: 40, 2023: 80 }));
    expect(a.components.targetValue).toBe(100);
    expect(a.components.direction).toBe('higher');
    expect(a.components.ratio).toBeCloseTo(1.292339, 5);
    expect(a.status).toBe('on_track');
  });

  it('uses an explicit coverage target below 100 (覆盖率大于90%)', () => {
    // required = (90/40)^(1/5) − 1 = 0.176079 → R = 0.259921/0.176079 = 1.476161.
    const a = assessProgress({ ...plan, comparator: 'coverage', targetValue: 90 }, pts({ 2020: 40, 2023: 80 }));
    expect(a.components.ratio).toBeCloseTo(1.476161, 5);
  });

  it('achieved once coverage reaches the target', () => {
    expect(assessProgress({ ...plan, comparator: 'coverage' }, pts({ 2020: 40, 2023: 100 })).status).toBe('achieved');
  });

  it('rejects a coverage spec that says lower is better', () => {
    expect(() => assessProgress({ ...plan, comparator: 'coverage', direction: 'lower' }, [])).toThrow(InvalidSpecError);
  });
});

describe('assessProgress: edge rules', () => {
  it('zero base is replaced by epsilon 0.001', () => {
    // base 0 → 0.001; 2022: 4 → observed = (4/0.001)^(1/2) − 1 = 62.245553;
    // required = (10/0.001)^(1/5) − 1 = 5.309573; R = 11.723268 → on_track.
    const a = assessProgress(atLeast(10), pts({ 2020: 0, 2022: 4 }));
    expect(a.notes).toContain('base_zero_replaced');
    expect(a.components.baseValue).toBe(0); // reported as observed, not as substituted
    expect(a.components.observedCagr).toBeCloseTo(62.245553, 5);
    expect(a.components.requiredCagr).toBeCloseTo(5.309573, 5);
    expect(a.components.ratio).toBeCloseTo(11.723268, 4);
    expect(a.status).toBe('on_track');
  });

  it('zero target is replaced by epsilon (R is conservative towards zero targets)', () => {
    // 8 → 1 over 3 years: observed = (1/8)^(1/3) − 1 = −0.5; required = (0.001/8)^(1/5) − 1 = −0.834277;
    // R = 0.5/0.834277 = 0.599321 → limited (just under 0.60).
    const a = assessProgress(atMost(0), pts({ 2020: 8, 2023: 1 }));
    expect(a.notes).toContain('target_zero_replaced');
    expect(a.components.ratio).toBeCloseTo(0.599321, 5);
    expect(a.status).toBe('limited');
  });

  it('a zero target is achieved by a zero value (achievement uses raw values)', () => {
    expect(assessProgress(atMost(0), pts({ 2020: 8, 2023: 0 })).status).toBe('achieved');
  });

  it('a current value of zero is replaced too, keeping the fall measurable', () => {
    // 5 → 0 (→ 0.001) over 2 years: observed = (0.001/5)^(1/2) − 1 = −0.985858 → deteriorating.
    const a = assessProgress(atLeast(10), pts({ 2020: 5, 2022: 0 }));
    expect(a.notes).toContain('current_zero_replaced');
    expect(a.components.observedCagr).toBeCloseTo(-0.985858, 5);
    expect(a.status).toBe('deteriorating');
  });

  it('a series stuck at zero is limited (R = 0), not deteriorating', () => {
    // 0 → 0 both become 0.001: observed CAGR = 0 → R = 0 → limited.
    const a = assessProgress(atLeast(10), pts({ 2020: 0, 2021: 0, 2022: 0 }));
    expect(a.components.ratio).toBe(0);
    expect(a.status).toBe('limited');
  });

  it('uses a custom epsilon when the spec gives one', () => {
    // base 0 → 0.1: observed = (4/0.1)^(1/2) − 1 = 5.324555.
    const a = assessProgress(atLeast(10, { zeroEpsilon: 0.1 }), pts({ 2020: 0, 2022: 4 }));
    expect(a.components.epsilon).toBe(0.1);
    expect(a.components.observedCagr).toBeCloseTo(5.324555, 5);
  });

  it('epsilon shrinks below the smallest non-zero value so a fall to zero stays a fall', () => {
    // at_most 0.0002: 0.0008 → 0 would become 0.0008 → 0.001 (a rise) with a fixed epsilon.
    // Effective epsilon = min(0.001, 0.0002/2) = 0.0001; observed = (0.0001/0.0008)^(1/2) − 1 = −0.646447.
    const a = assessProgress(atMost(0.0002), pts({ 2020: 0.0008, 2022: 0 }));
    expect(a.components.epsilon).toBeCloseTo(0.0001, 15);
    expect(a.components.observedCagr).toBeCloseTo(-0.646447, 5);
    expect(a.status).toBe('achieved');
    const d = assessProgress({ ...plan, comparator: 'decrease' }, pts({ 2020: 0.0008, 2022: 0 }));
    expect(d.status).toBe('on_track');
  });

  it('base and current of opposite signs → undetermined (enough data, but no CAGR exists)', () => {
    const a = assessProgress(atLeast(5), pts({ 2020: -2, 2021: 1, 2022: 3 }));
    expect(a.status).toBe('undetermined');
    expect(a.reason).toBe('opposite_signs');
    expect(a.components.ratio).toBeNull();
    expect(a.components.observedCagr).toBeNull();
    // The CAGR projection is impossible, the trend still speaks.
    expect(a.projection!.cagr).toBeNull();
    expect(a.projection!.trend).not.toBeNull();
  });

  it('target of the opposite sign to the base → undetermined', () => {
    const a = assessProgress(atLeast(2), pts({ 2020: -4, 2022: -2 }));
    expect(a.status).toBe('undetermined');
    expect(a.components.observedCagr).not.toBeNull();
    expect(a.components.requiredCagr).toBeNull();
  });

  it('two negative values: the base sign flips the CAGR so a rise reads as a rise', () => {
    // −10 → −5 (2 years): raw CAGR = 0.5^(1/2) − 1 = −0.292893, × sign(base) −1 = +0.292893.
    // required −10 → −1: 0.1^(1/5) − 1 = −0.369043 → +0.369043; R = 0.793657 → acceleration_needed.
    const a = assessProgress(atLeast(-1), pts({ 2020: -10, 2022: -5 }));
    expect(a.components.observedCagr).toBeCloseTo(0.292893, 5);
    expect(a.components.requiredCagr).toBeCloseTo(0.369043, 5);
    expect(a.components.ratio).toBeCloseTo(0.793657, 5);
    expect(a.status).toBe('acceleration_needed');
  });

  it('required CAGR of zero (target = base) and now below it → deteriorating, no R', () => {
    // 保持在95%以上: baseline 95 = target 95 → required (95/95)^(1/5) − 1 = 0; 94 < 95 → deteriorating.
    const a = assessProgress(atLeast(95, { baselineValue: 95 }), pts({ 2022: 94 }));
    expect(a.status).toBe('deteriorating');
    expect(a.reason).toBe('target_equals_base');
    expect(a.components.requiredCagr).toBe(0);
    expect(a.components.ratio).toBeNull();
  });

  it('required CAGR of zero and still at the target → achieved', () => {
    expect(assessProgress(atLeast(95, { baselineValue: 95 }), pts({ 2022: 95 })).status).toBe('achieved');
  });

  it('base already met the target, then slipped below → negative R, deteriorating', () => {
    // required = (70/80)^(1/5) − 1 = −0.026353 (points down); observed = (65/80)^(1/2) − 1 = −0.098612;
    // R = −0.098612 / |−0.026353| = −3.741997.
    const a = assessProgress(atLeast(70), pts({ 2020: 80, 2022: 65 }));
    expect(a.notes).toContain('base_met_target');
    expect(a.components.ratio).toBeCloseTo(-3.741997, 4);
    expect(a.status).toBe('deteriorating');
  });

  it('fewer than 2 points → insufficient_data (single_point)', () => {
    const a = assessProgress(atLeast(70), pts({ 2021: 60 }));
    expect(a.status).toBe('insufficient_data');
    expect(a.reason).toBe('single_point');
    expect(a.components.currentYear).toBe(2021);
    expect(a.projection).toBeNull();
    expect(a.evidence).toMatchObject({ points: 1, level: 'weak' });
  });

  it('current year equal to base year (baseline plus a point for the same year) → insufficient_data', () => {
    const a = assessProgress(atLeast(70, { baselineValue: 60 }), pts({ 2020: 61 }));
    expect(a.status).toBe('insufficient_data');
    expect(a.reason).toBe('single_point');
    expect(a.notes).toEqual(['baseline_from_spec', 'baseline_overrides_series_point']);
  });

  it('no points at all → insufficient_data (no_data_in_plan_period)', () => {
    const a = assessProgress(atLeast(70), []);
    expect(a.status).toBe('insufficient_data');
    expect(a.reason).toBe('no_data_in_plan_period');
    expect(a.components.baseYear).toBeNull();
  });

  it('points only before the base year do not count', () => {
    const a = assessProgress(atLeast(70), pts({ 2017: 50, 2018: 55, 2019: 58 }));
    expect(a.reason).toBe('no_data_in_plan_period');
    expect(a.notes).toContain('points_before_base_year_ignored');
  });

  it('target year passed: points after 2025 are ignored; the verdict is at the target year', () => {
    // 2026 would make it achieved, but the plan is judged at 2025.
    const a = assessProgress(atLeast(target()), pts({ 2020: 100, 2025: 140, 2026: 200 }));
    expect(a.notes).toContain('points_after_target_year_ignored');
    expect(a.components.currentYear).toBe(2025);
    expect(a.status).not.toBe('achieved');
    expect(a.projection!.horizonYears).toBe(0);
  });

  it('target year reached but not met: on_track is downgraded to acceleration_needed', () => {
    // 100 → 160 in 5 years: observed = 1.6^(1/5) − 1 = 0.098561; R = 0.985605 ≥ 0.95, but 160 < 161.051.
    const a = assessProgress(atLeast(target()), pts({ 2020: 100, 2025: 160 }));
    expect(a.components.ratio).toBeCloseTo(0.985605, 5);
    expect(a.status).toBe('acceleration_needed');
    expect(a.reason).toBe('target_year_reached_not_met');
  });

  it('target year reached with a poor R keeps the poor status, with the final reason', () => {
    const a = assessProgress(atLeast(target()), pts({ 2020: 100, 2025: 90 }));
    expect(a.status).toBe('deteriorating');
    expect(a.reason).toBe('target_year_reached_not_met');
  });

  it('baseline from the spec wins over a series point for the base year', () => {
    // base 50 (spec), 2022: 60.5 → observed = 1.21^(1/2) − 1 = 0.1.
    const a = assessProgress(atLeast(80, { baselineValue: 50 }), pts({ 2020: 52, 2022: 60.5 }));
    expect(a.components).toMatchObject({ baseYear: 2020, baseValue: 50, baseSource: 'baseline' });
    expect(a.components.observedCagr).toBeCloseTo(0.1, 10);
    expect(a.notes).toEqual(['baseline_from_spec', 'baseline_overrides_series_point']);
  });

  it('without a baseline the base is the series point for the base year', () => {
    const a = assessProgress(atLeast(80), pts({ 2019: 10, 2020: 50, 2022: 60.5 }));
    expect(a.components).toMatchObject({ baseYear: 2020, baseValue: 50, baseSource: 'series' });
    expect(a.notes).toEqual(['points_before_base_year_ignored']);
  });

  it('a series that starts late takes its earliest point as the base, and says so', () => {
    // base 2021 = 50, 2023 = 60.5: observed over 2 years = 0.1; required over 2025 − 2021 = 4 years: (80/50)^(1/4) − 1 = 0.124683.
    const a = assessProgress(atLeast(80), pts({ 2021: 50, 2023: 60.5 }));
    expect(a.components.baseYear).toBe(2021);
    expect(a.notes).toContain('base_after_base_year');
    expect(a.components.requiredCagr).toBeCloseTo(0.124683, 5);
  });

  it('duplicate years are rejected, never silently resolved', () => {
    expect(() => assessProgress(atLeast(70), [{ year: 2021, value: 1 }, { year: 2021, value: 2 }, { year: 2020, value: 3 }])).toThrow(
      InvalidSeriesError,
    );
  });

  function target(): number {
    return 161.051;
  }
});

describe('assessProgress: evidence', () => {
  it('two points → weak', () => {
    expect(assessProgress(atLeast(90), pts({ 2020: 50, 2022: 60 })).evidence).toEqual({ points: 2, spanYears: 2, r2: null, level: 'weak' });
  });

  it('three points over two years → moderate', () => {
    expect(assessProgress(atLeast(90), pts({ 2020: 50, 2021: 55, 2022: 60 })).evidence.level).toBe('moderate');
  });

  it('four points over three years on a clean line → strong', () => {
    const e = assessProgress(atLeast(90), pts({ 2020: 50, 2021: 55, 2022: 60, 2023: 65 })).evidence;
    expect(e.level).toBe('strong');
    expect(e.r2).toBeCloseTo(1, 12);
  });

  it('four noisy points (r² < 0.5) → moderate', () => {
    const e = assessProgress(atLeast(90), pts({ 2020: 50, 2021: 60, 2022: 48, 2023: 52 })).evidence;
    expect(e.r2!).toBeLessThan(0.5);
    expect(e.level).toBe('moderate');
  });
});
