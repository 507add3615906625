import { InvalidSpecError } from './errors';
import { assessFluctuation, MEAN_AD_CONSTANT, modifiedZScores, yearOnYearSwings } from './fluctuation';
import type { YearValue } from './types';

const pts = (byYear: Record<number, number>): YearValue[] => Object.entries(byYear).map(([y, v]) => ({ year: Number(y), value: v }));

describe('modified z-score on residuals from a Theil–Sen trend', () => {
  it('flags a wild latest year (MAD > 0)', () => {
    // 2018–2023: 10, 10.5, 9.5, 10.2, 9.8, 14. Median pairwise slope = 0.15; level (2018) = 9.875.
    // Residuals: 0.125, 0.475, −0.675, −0.125, −0.675, 3.375; median = (−0.125 + 0.125)/2 = 0.
    // |deviations| sorted: 0.125, 0.125, 0.475, 0.675, 0.675, 3.375 → MAD = (0.475 + 0.675)/2 = 0.575.
    // M(2023) = 0.6745 · 3.375 / 0.575 = 3.959022 > 3.5.
    const r = assessFluctuation(pts({ 2018: 10, 2019: 10.5, 2020: 9.5, 2021: 10.2, 2022: 9.8, 2023: 14 }));
    expect(r.zScore.scale).toBe('mad');
    expect(r.zScore.trend!.slope).toBeCloseTo(0.15, 12);
    expect(r.zScore.mad).toBeCloseTo(0.575, 12);
    const last = r.zScore.points[5];
    expect(last.residual).toBeCloseTo(3.375, 12);
    expect(last.score).toBeCloseTo(3.959022, 5);
    expect(last.flagged).toBe(true);
    expect(r.zScore.points.filter((p) => p.flagged).map((p) => p.year)).toEqual([2023]);
    expect(r).toMatchObject({ fluctuating: true, rules: ['modified_z_score'], latestYearFlagged: true });
  });

  it('MAD = 0 falls back to the mean absolute deviation (× 1.253314)', () => {
    // 10, 11, 30, 13, 14 (2019–2023): slope 1, level 10 → residuals 0, 0, 18, 0, 0; median 0, MAD 0.
    // Mean AD = 18/5 = 3.6 → M(2021) = 18 / (1.253314 · 3.6) = 3.989423 > 3.5.
    const r = assessFluctuation(pts({ 2019: 10, 2020: 11, 2021: 30, 2022: 13, 2023: 14 }));
    expect(r.zScore.scale).toBe('mean_absolute_deviation');
    expect(r.zScore.mad).toBe(0);
    expect(r.zScore.points[2].score).toBeCloseTo(18 / (MEAN_AD_CONSTANT * 3.6), 10);
    expect(r.zScore.points[2].score).toBeCloseTo(3.989423, 5);
    expect(r.rules).toEqual(['modified_z_score']);
    expect(r.latestYearFlagged).toBe(false);
  });

  it('a steady trend is not volatility (all residuals 0 → scale none)', () => {
    const r = assessFluctuation(pts({ 2019: 10, 2020: 20, 2021: 30, 2022: 40, 2023: 50 }));
    expect(r.zScore.scale).toBe('none');
    expect(r.zScore.points.every((p) => p.score === 0)).toBe(true);
    expect(r.fluctuating).toBe(false);
  });

  it('rounding noise on a straight line is not mistaken for spread', () => {
    // 0.1 steps are not exact in binary; residuals of ~1e-16 must not produce a tiny MAD.
    const r = assessFluctuation(pts({ 2019: 0.3, 2020: 0.4, 2021: 0.5, 2022: 0.6, 2023: 0.7 }));
    expect(r.zScore.scale).toBe('none');
    expect(r.fluctuating).toBe(false);
  });

  it('ordinary noise is not flagged', () => {
    // 10, 12, 11, 13: slope 0.75, residuals −0.375, 0.875, −0.875, 0.375, MAD 0.625, max |M| = 0.6745·0.875/0.625 = 0.9443.
    const z = modifiedZScores(pts({ 2020: 10, 2021: 12, 2022: 11, 2023: 13 }));
    expect(z.mad).toBeCloseTo(0.625, 12);
    expect(Math.max(...z.points.map((p) => Math.abs(p.score)))).toBeCloseTo(0.9443, 4);
    expect(z.points.some((p) => p.flagged)).toBe(false);
  });

  it('is not applied below 4 points', () => {
    const r = assessFluctuation(pts({ 2020: 1, 2021: 100, 2022: 1 }));
    expect(r.zScore.applied).toBe(false);
    expect(r.zScore.points).toEqual([]);
    expect(r.fluctuating).toBe(false);
  });

  it('the threshold is a parameter', () => {
    const series = pts({ 2020: 10, 2021: 12, 2022: 11, 2023: 13 });
    expect(assessFluctuation(series, { zThreshold: 0.9 }).rules).toEqual(['modified_z_score']);
  });
});

describe('year-on-year swing beyond the indicator bound', () => {
  it('absolute bound: a jump of 8 against a bound of 5 fires on the latest year', () => {
    const r = assessFluctuation(pts({ 2020: 10, 2021: 12, 2022: 20 }), { bound: { absolute: 5 } });
    expect(r.swings.changes.map((c) => c.exceeds)).toEqual([[], ['absolute']]);
    expect(r).toMatchObject({ fluctuating: true, rules: ['year_on_year_swing'], latestYearFlagged: true });
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

  it('a bound equal to the change does not fire (strictly beyond)', () => {
    expect(yearOnYearSwings(pts({ 2020: 10, 2021: 15 }), { absolute: 5 })[0].exceeds).toEqual([]);
  });

  it('catches a jump the z-score cannot see in a short trending series', () => {
    // 10, 12, 11, 13, 30: residuals from slope 2 are 0, 0, −3, −3, 12; MAD 3 → M(2023) = 0.6745·12/3 = 2.698 < 3.5.
    const series = pts({ 2019: 10, 2020: 12, 2021: 11, 2022: 13, 2023: 30 });
    expect(assessFluctuation(series).fluctuating).toBe(false);
    const r = assessFluctuation(series, { bound: { relative: 0.5 } });
    expect(r.rules).toEqual(['year_on_year_swing']);
    expect(r.zScore.points[4].score).toBeCloseTo(2.698, 6);
  });

  it('both rules can fire, reported in a fixed order', () => {
    const r = assessFluctuation(pts({ 2019: 10, 2020: 11, 2021: 30, 2022: 13, 2023: 14 }), { bound: { absolute: 5 } });
    expect(r.rules).toEqual(['modified_z_score', 'year_on_year_swing']);
  });

  it('rejects a negative bound', () => {
    expect(() => assessFluctuation([], { bound: { relative: -1 } })).toThrow(InvalidSpecError);
  });
});

describe('materiality of a z-score outlier (methodology 2.0.0)', () => {
  // A steady rate whose 2022 value wobbles by 0.03 points: 95.00, 95.50, 96.00, 96.53, 97.00, 97.50.
  // Theil–Sen slope 0.5, residuals ≈ 0, 0, 0, 0.03, 0, 0 → MAD 0, mean-AD fallback gives 2022 a huge score.
  const wobble = pts({ 2020: 95, 2021: 95.5, 2022: 96, 2023: 96.53, 2024: 97, 2025: 97.5 });

  it('without a bound, any z-score outlier counts (the Iglewicz–Hoaglin rule alone)', () => {
    const r = assessFluctuation(wobble);
    expect(r.zScore.points.find((p) => p.year === 2023)!.flagged).toBe(true);
    expect(r.fluctuating).toBe(true);
  });

  it('with a bound, an outlier smaller than half of it is immaterial and does not fire', () => {
    // Bound 2 points a year → materiality 1 point; the 0.03 wobble is far below it.
    const r = assessFluctuation(wobble, { bound: { absolute: 2 } });
    const p2023 = r.zScore.points.find((p) => p.year === 2023)!;
    expect(Math.abs(p2023.score)).toBeGreaterThan(3.5);
    expect(p2023.materiality).toBe(1);
    expect(p2023.flagged).toBe(false);
    expect(r.zScore.immaterialOutliers).toEqual([2023]);
    expect(r.fluctuating).toBe(false);
    expect(r.rules).toEqual([]);
  });

  it('a relative bound sets the floor in proportion to the year’s value', () => {
    // Relative bound 10 % → materiality 5 % of the value: 14 × 0.05 = 0.7; the 2023 residual 3.375 passes it.
    const r = assessFluctuation(pts({ 2018: 10, 2019: 10.5, 2020: 9.5, 2021: 10.2, 2022: 9.8, 2023: 14 }), { bound: { relative: 0.1 } });
    const last = r.zScore.points[5];
    expect(last.materiality).toBeCloseTo(0.7, 12);
    expect(last.flagged).toBe(true);
    expect(r.rules).toContain('modified_z_score');
  });

  it('a material wild year still fires under a bound', () => {
    const r = assessFluctuation(pts({ 2020: 95, 2021: 95.5, 2022: 96, 2023: 90, 2024: 97, 2025: 97.5 }), { bound: { absolute: 2 } });
    expect(r.zScore.points.find((p) => p.year === 2023)!.flagged).toBe(true);
    expect(r.fluctuating).toBe(true);
  });
});
