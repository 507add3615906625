import { assessGap, assessGapSeries, parityIndex, shareParityDistance, type GapSpec } from './gap';
import type { YearValue } from './types';

const pts = (byYear: Record<number, number>): YearValue[] => Object.entries(byYear).map(([y, v]) => ({ year: Number(y), value: v }));
const spec: GapSpec = { baseYear: 2020, targetYear: 2025, unit: '%' };

describe('parity transforms', () => {
  it('parityIndex = max(f/m, m/f), symmetric, 1 at parity', () => {
    expect(parityIndex(40, 50)).toBeCloseTo(1.25, 12);
    expect(parityIndex(50, 40)).toBeCloseTo(1.25, 12);
    expect(parityIndex(7, 7)).toBe(1);
  });

  it('parityIndex is undefined (null) for a zero or negative value', () => {
    expect(parityIndex(0, 5)).toBeNull();
    expect(parityIndex(5, -1)).toBeNull();
  });

  it('share of women → distance from 50 %', () => {
    expect(shareParityDistance(42)).toBe(8);
    expect(shareParityDistance(58)).toBe(8);
    expect(shareParityDistance(0.42, 0.5)).toBeCloseTo(0.08, 12);
  });
});

describe('assessGap (female vs male series)', () => {
  it('reports the gap per year and a narrowing trend', () => {
    // gaps f − m: 60−70 = −10, 62−70 = −8, 65−70 = −5 → distances 10, 8, 5.
    // Progress (directional, lower): (5/10)^(1/2) − 1 = −0.292893 → directed +0.292893 → on_track.
    const g = assessGap(pts({ 2020: 60, 2021: 62, 2022: 65 }), pts({ 2022: 70, 2020: 70, 2021: 70 }), spec);
    expect(g.years.map((y) => y.gap)).toEqual([-10, -8, -5]);
    expect(g.years[0]).toEqual({ year: 2020, female: 60, male: 70, gap: -10, distance: 10 });
    expect(g).toMatchObject({ trend: 'narrowing', gapWidening: false, baseDistance: 10, currentDistance: 5, distanceChange: -5 });
    expect(g.progress.components.directedCagr).toBeCloseTo(0.292893, 5);
    expect(g.progress.status).toBe('on_track');
  });

  it('flags a widening gap even when both sexes improve (the total looks fine)', () => {
    // Women 50 → 53, men 50 → 60: both rise, but the gap goes 0 → −7.
    const g = assessGap(pts({ 2020: 50, 2023: 53 }), pts({ 2020: 50, 2023: 60 }), spec);
    expect(g.gapWidening).toBe(true);
    expect(g.trend).toBe('widening');
    expect(g.progress.notes).toContain('base_zero_replaced');
    expect(g.progress.status).toBe('deteriorating');
  });

  it('parity-index measure: distance is index − 1', () => {
    // 2020: 40/50 → 1.25 (distance 0.25); 2023: 45/50 → 1.1111 (distance 0.1111).
    const g = assessGap(pts({ 2020: 40, 2023: 45 }), pts({ 2020: 50, 2023: 50 }), spec, 'parity_index');
    expect(g.reference).toBe(1);
    expect(g.years[1].gap).toBeCloseTo(50 / 45, 12);
    expect(g.currentDistance).toBeCloseTo(50 / 45 - 1, 12);
    expect(g.trend).toBe('narrowing');
  });

  it('years present for one sex only, or without a parity index, are listed as unusable', () => {
    const g = assessGap(pts({ 2020: 40, 2021: 0, 2022: 45 }), pts({ 2020: 50, 2021: 50, 2023: 50 }), spec, 'parity_index');
    expect(g.unusableYears).toEqual([2021, 2022, 2023]);
    expect(g.years.map((y) => y.year)).toEqual([2020]);
    expect(g.trend).toBe('insufficient_data');
    expect(g.gapWidening).toBe(false);
  });

  it('widenedLastPeriod warns early while the gap is still narrower than at base', () => {
    // distances 10, 5, 7: narrower than base overall, but the last year widened by 2.
    const g = assessGap(pts({ 2020: 60, 2021: 65, 2022: 63 }), pts({ 2020: 70, 2021: 70, 2022: 70 }), spec);
    expect(g).toMatchObject({ trend: 'narrowing', gapWidening: false, widenedLastPeriod: true });
  });

  it('signFlipped when women overtake men', () => {
    // gaps −2, 1, 3 → distances 2, 1, 3: wider than base, and the sign changed.
    const g = assessGap(pts({ 2020: 48, 2021: 51, 2022: 53 }), pts({ 2020: 50, 2021: 50, 2022: 50 }), spec);
    expect(g).toMatchObject({ signFlipped: true, trend: 'widening', widenedLastPeriod: true });
  });

  it('stableTolerance absorbs small changes', () => {
    const g = assessGap(pts({ 2020: 60, 2022: 60.5 }), pts({ 2020: 70, 2022: 70 }), { ...spec, stableTolerance: 1 });
    expect(g.trend).toBe('stable');
    expect(g.gapWidening).toBe(false);
  });

  it('swapping the sexes gives the same distances and trend for the difference measure', () => {
    const f = pts({ 2020: 60, 2021: 62, 2022: 65 });
    const m = pts({ 2020: 70, 2021: 69, 2022: 71 });
    const a = assessGap(f, m, spec);
    const b = assessGap(m, f, spec);
    expect(b.years.map((y) => y.distance)).toEqual(a.years.map((y) => y.distance));
    expect(b.trend).toBe(a.trend);
  });
});

describe('assessGapSeries (gaps supplied directly)', () => {
  it('uses |gap − reference| and reports the trend', () => {
    const g = assessGapSeries(pts({ 2020: -8, 2021: -9, 2022: -10 }), spec);
    expect(g.measure).toBe('supplied');
    expect(g.years[0]).toEqual({ year: 2020, female: null, male: null, gap: -8, distance: 8 });
    expect(g).toMatchObject({ trend: 'widening', gapWidening: true, distanceChange: 2 });
  });

  it('a baseline gap from the plan is the base', () => {
    const g = assessGapSeries(pts({ 2022: 6 }), { ...spec, baselineValue: 8 });
    expect(g).toMatchObject({ baseDistance: 8, currentDistance: 6, trend: 'narrowing' });
  });
});
