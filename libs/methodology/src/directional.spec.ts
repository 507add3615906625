import { InvalidSpecError } from './errors';
import { assessProgress } from './progress';
import { gradeProgress, DEFAULT_DIRECTIONAL_THRESHOLDS } from './thresholds';
import type { IndicatorSpec, YearValue } from './types';

const pts = (byYear: Record<number, number>): YearValue[] => Object.entries(byYear).map(([y, v]) => ({ year: Number(y), value: v }));
const spec = (comparator: 'increase' | 'decrease', extra: Partial<IndicatorSpec> = {}): IndicatorSpec => ({
  comparator,
  baseYear: 2020,
  targetYear: 2025,
  unit: '%',
  ...extra,
});

describe("directional targets ('increase' / 'decrease', e.g. 乳腺癌筛查率逐步提高)", () => {
  it.each([
    // [2022 value from base 100, CAGR, status]: 100·(1+g)² gives exactly g per year.
    [104.04, 0.02, 'on_track'], // 2 % ≥ 1.5 %
    [102.01, 0.01, 'acceleration_needed'], // 0.5 % ≤ 1 % < 1.5 %
    [100.4004, 0.002, 'limited'], // 0 ≤ 0.2 % < 0.5 %
    [100, 0, 'limited'], // flat: 0 is limited, not deteriorating
    [98.01, -0.01, 'deteriorating'], // −1 % < 0
  ])('increase: 100 → %p is CAGR %p → %s', (value, g, status) => {
    const a = assessProgress(spec('increase'), pts({ 2020: 100, 2022: value }));
    expect(a.components.observedCagr).toBeCloseTo(g, 10);
    expect(a.components.directedCagr).toBeCloseTo(g, 10);
    expect(a.status).toBe(status);
    expect(a.reason).toBe('directional_threshold');
    expect(a.components.ratio).toBeNull();
    expect(a.components.targetValue).toBeNull();
  });

  it('decrease: a 2 %/yr fall is on track (direction-signed CAGR +0.02)', () => {
    // 100 → 96.04 = 100·0.98²: observed −0.02, directed +0.02 ≥ 0.015.
    const a = assessProgress(spec('decrease'), pts({ 2020: 100, 2022: 96.04 }));
    expect(a.components.direction).toBe('lower');
    expect(a.components.directedCagr).toBeCloseTo(0.02, 10);
    expect(a.status).toBe('on_track');
  });

  it('decrease: a rise is deteriorating', () => {
    expect(assessProgress(spec('decrease'), pts({ 2020: 100, 2022: 104.04 })).status).toBe('deteriorating');
  });

  it('thresholds are parameters: 2 %/yr is only acceleration_needed when on track needs 3 %', () => {
    const a = assessProgress(spec('increase', { directionalThresholds: { onTrack: 0.03 } }), pts({ 2020: 100, 2022: 104.04 }));
    expect(a.status).toBe('acceleration_needed');
    expect(a.components.thresholds.directional).toEqual({ onTrack: 0.03, accelerationNeeded: 0.005, limited: 0 });
  });

  it('zero base is replaced by epsilon', () => {
    const a = assessProgress(spec('increase'), pts({ 2020: 0, 2023: 5 }));
    expect(a.notes).toContain('base_zero_replaced');
    expect(a.status).toBe('on_track');
  });

  it('opposite signs → undetermined', () => {
    const a = assessProgress(spec('increase'), pts({ 2020: -1, 2023: 5 }));
    expect(a.status).toBe('undetermined');
    expect(a.reason).toBe('opposite_signs');
  });

  it('never achieved: a directional goal has no finish line', () => {
    expect(assessProgress(spec('increase'), pts({ 2020: 1, 2025: 1000 })).status).toBe('on_track');
  });

  it('projection has values but no shortfall', () => {
    const a = assessProgress(spec('increase'), pts({ 2020: 100, 2022: 104.04 }));
    // CAGR projection: 104.04 · 1.02³ = 110.408080...
    expect(a.projection!.cagr!.value).toBeCloseTo(110.40808, 4);
    expect(a.projection!.cagr!.shortfall).toBeNull();
    expect(a.projection!.trend!.meetsGoal).toBeNull();
  });

  it('rejects a numeric target and a contradicting direction', () => {
    expect(() => assessProgress(spec('increase', { targetValue: 5 }), [])).toThrow(InvalidSpecError);
    expect(() => assessProgress(spec('decrease', { direction: 'higher' }), [])).toThrow(/contradicts/);
  });
});

describe('gradeProgress: inclusive lower bounds', () => {
  it.each([
    [0.015, 'on_track'],
    [0.0149999, 'acceleration_needed'],
    [0.005, 'acceleration_needed'],
    [0.0049999, 'limited'],
    [0, 'limited'],
    [-1e-12, 'deteriorating'],
  ])('%p → %s', (value, status) => {
    expect(gradeProgress(value, DEFAULT_DIRECTIONAL_THRESHOLDS)).toBe(status);
  });

  it('ratio ladder at its exact boundaries', () => {
    const ladder = { onTrack: 0.95, accelerationNeeded: 0.6, limited: 0 };
    expect(gradeProgress(0.95, ladder)).toBe('on_track');
    expect(gradeProgress(0.6, ladder)).toBe('acceleration_needed');
    expect(gradeProgress(0.5999, ladder)).toBe('limited');
    expect(gradeProgress(-0.0001, ladder)).toBe('deteriorating');
  });
});
