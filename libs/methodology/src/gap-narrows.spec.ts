import { assessIndicator } from './assess';
import { assessProgress } from './progress';
import type { IndicatorSpec, YearValue } from './types';

const pts = (byYear: Record<number, number>): YearValue[] => Object.entries(byYear).map(([y, v]) => ({ year: Number(y), value: v }));
const gapSpec = (extra: Partial<IndicatorSpec> = {}): IndicatorSpec => ({ comparator: 'gap_narrows', baseYear: 2020, targetYear: 2025, unit: 'pp', ...extra });

describe("'gap_narrows' on a series of gaps", () => {
  it('assesses the distance |gap| with direction lower (directional when no target)', () => {
    // gaps −8 → −6 (female − male, pp): distances 8 → 6: observed = 0.75^(1/2) − 1 = −0.133975 → directed +0.133975 → on_track.
    const a = assessProgress(gapSpec(), pts({ 2020: -8, 2022: -6 }));
    expect(a.notes).toContain('values_are_distances');
    expect(a.components).toMatchObject({ direction: 'lower', baseValue: 8, currentValue: 6 });
    expect(a.components.directedCagr).toBeCloseTo(0.133975, 5);
    expect(a.status).toBe('on_track');
  });

  it('with a target distance it uses the ratio (R = 0.5533 → limited)', () => {
    // target 2 pp: required = (2/8)^(1/5) − 1 = −0.242142 → R = 0.133975/0.242142 = 0.553290.
    const a = assessProgress(gapSpec({ targetValue: 2 }), pts({ 2020: -8, 2022: -6 }));
    expect(a.components.ratio).toBeCloseTo(0.55329, 5);
    expect(a.status).toBe('limited');
  });

  it('a gap that closes completely is achieved against a zero target', () => {
    expect(assessProgress(gapSpec({ targetValue: 0 }), pts({ 2020: -8, 2022: 0 })).status).toBe('achieved');
  });

  it('measures distance from a reference (parity index series towards 1)', () => {
    const a = assessProgress(gapSpec({ referenceValue: 1 }), pts({ 2020: 1.5, 2022: 1.2 }));
    expect(a.components.baseValue).toBeCloseTo(0.5, 12);
    expect(a.components.currentValue).toBeCloseTo(0.2, 12);
  });

  it('a gap that changes sign but grows in size is deteriorating', () => {
    // −2 → +5: distances 2 → 5.
    expect(assessProgress(gapSpec(), pts({ 2020: -2, 2022: 5 })).status).toBe('deteriorating');
  });

  it('rejects a negative target distance', () => {
    expect(() => assessProgress(gapSpec({ targetValue: -1 }), [])).toThrow(/distance/);
  });

  it('assessIndicator adds the gap trend for gap_narrows', () => {
    const r = assessIndicator(gapSpec(), pts({ 2020: -8, 2021: -9, 2022: -10 }));
    expect(r.gap).not.toBeNull();
    expect(r.gap!.gapWidening).toBe(true);
    expect(r.gap!.measure).toBe('supplied');
  });
});
