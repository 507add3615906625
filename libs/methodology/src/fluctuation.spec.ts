import { InvalidSpecError } from './errors';
import { assessFluctuation, yearOnYearSwings } from './fluctuation';
import { residualLimits } from './residual-limits';
import type { YearValue } from './types';

const pts = (byYear: Record<number, number>): YearValue[] => Object.entries(byYear).map(([y, v]) => ({ year: Number(y), value: v }));

describe('fluctuation of a series without counts: its own scatter (studentised deleted residuals)', () => {
  it('flags a wild year against a steady series', () => {
    // 2018–2023: 10, 10.5, 9.5, 10.2, 9.8, then 16: the other years scatter by ≈0.4 about a flat line.
    const r = assessFluctuation(pts({ 2018: 10, 2019: 10.5, 2020: 9.5, 2021: 10.2, 2022: 9.8, 2023: 16 }));
    expect(r).toMatchObject({ fluctuating: true, rules: ['residual_limits'], latestYearFlagged: true, controlLimits: null });
    expect(r.residualLimits!.degreesOfFreedom).toBe(3);
    expect(r.residualLimits!.points.filter((p) => p.flagged).map((p) => p.year)).toEqual([2023]);
  });

  it('computes each year against the least-squares line through the others', () => {
    // Without 2023: years 2019–2022 lie exactly on 10 + 2·(t − 2019) except 2021 (11 vs 14); the t of 2023 uses
    // their residual scatter s² = RSS/(m − 2) and the prediction error at 2023.
    const series = pts({ 2019: 10, 2020: 12, 2021: 11, 2022: 16, 2023: 18 });
    const r = residualLimits(series)!;
    const others = [[2019, 10], [2020, 12], [2021, 11], [2022, 16]];
    const tBar = 2020.5;
    const yBar = 12.25;
    const sxx = others.reduce((s, [t]) => s + (t - tBar) ** 2, 0);
    const slope = others.reduce((s, [t, y]) => s + (t - tBar) * (y - yBar), 0) / sxx;
    const fit = (t: number) => yBar + slope * (t - tBar);
    const s2 = others.reduce((s, [t, y]) => s + (y - fit(t)) ** 2, 0) / 2;
    const expected = fit(2023);
    const t = (18 - expected) / Math.sqrt(s2 * (1 + 1 / 4 + (2023 - tBar) ** 2 / sxx));
    expect(r.points[4].expected).toBeCloseTo(expected, 10);
    expect(r.points[4].t).toBeCloseTo(t, 10);
  });

  it('does not flag a steady trend, nor rounding noise on a straight line', () => {
    expect(assessFluctuation(pts({ 2019: 10, 2020: 20, 2021: 30, 2022: 40, 2023: 50 })).fluctuating).toBe(false);
    expect(assessFluctuation(pts({ 2019: 0.3, 2020: 0.4, 2021: 0.5, 2022: 0.6, 2023: 0.7 })).fluctuating).toBe(false);
  });

  it('judges nothing below five years (no scatter to judge against)', () => {
    const r = assessFluctuation(pts({ 2020: 1, 2021: 100, 2022: 1, 2023: 2 }));
    expect(r).toMatchObject({ fluctuating: false, rules: [], residualLimits: null });
  });

  it('flags at most 5 % of steady noisy series (family-wise limit)', () => {
    let s = 7;
    const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const normal = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    let flagged = 0;
    for (let i = 0; i < 2000; i++) {
      const series = [2020, 2021, 2022, 2023, 2024, 2025].map((year, k) => ({ year, value: 80 + 0.3 * k + 0.2 * normal() }));
      if (assessFluctuation(series).fluctuating) flagged++;
    }
    expect(flagged / 2000).toBeLessThanOrEqual(0.05);
  });
});

describe('year-on-year changes against the indicator bound (reported, not a rule)', () => {
  it('marks a jump of 8 against a bound of 5 without raising fluctuation by itself', () => {
    const r = assessFluctuation(pts({ 2020: 10, 2021: 12, 2022: 20 }), { bound: { absolute: 5 } });
    expect(r.swings.changes.map((c) => c.exceeds)).toEqual([[], ['absolute']]);
    expect(r).toMatchObject({ fluctuating: false, rules: [] });
  });

  it('relative bound: 10 → 14 is +40 % against a 30 % bound', () => {
    const [swing] = yearOnYearSwings(pts({ 2020: 10, 2021: 14 }), { relative: 0.3 });
    expect(swing.relativeChange).toBeCloseTo(0.4, 12);
    expect(swing.exceeds).toEqual(['relative']);
  });

  it('a gap between years is annualised: 10 (2020) → 14 (2022) is 2 a year, 20 % a year', () => {
    const [swing] = yearOnYearSwings(pts({ 2020: 10, 2022: 14 }), { relative: 0.3, absolute: 3 });
    expect(swing).toMatchObject({ change: 4, annualChange: 2, exceeds: [] });
    expect(swing.relativeChange).toBeCloseTo(0.2, 12);
  });

  it('any change from zero exceeds a relative bound (relative change undefined)', () => {
    const [swing] = yearOnYearSwings(pts({ 2020: 0, 2021: 5 }), { relative: 10 });
    expect(swing.relativeChange).toBeNull();
    expect(swing.exceeds).toEqual(['relative']);
  });

  it('a bound equal to the change does not exceed it (strictly beyond)', () => {
    expect(yearOnYearSwings(pts({ 2020: 10, 2021: 15 }), { absolute: 5 })[0].exceeds).toEqual([]);
  });

  it('rejects a negative bound', () => {
    expect(() => assessFluctuation([], { bound: { relative: -1 } })).toThrow(InvalidSpecError);
  });
});
