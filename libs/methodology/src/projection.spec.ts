import { assessProgress } from './progress';
import { outsideBand, projectToTargetYear } from './projection';
import { recencyWeightedFit, theilSenLine, valueAt } from './regression';
import type { YearValue } from './types';

const pts = (byYear: Record<number, number>): YearValue[] => Object.entries(byYear).map(([y, v]) => ({ year: Number(y), value: v }));

describe('recencyWeightedFit (weights year − firstYear + 1)', () => {
  // Points 2020..2023 = 10, 12, 11, 15, weights 1, 2, 3, 4 (Σw = 10), x = year − 2020.
  // x̄ = (0 + 2 + 6 + 12)/10 = 2.0; ȳ = (10 + 24 + 33 + 60)/10 = 12.7.
  // Sxx = 1·4 + 2·1 + 3·0 + 4·1 = 10; Sxy = 1·(−2)(−2.7) + 2·(−1)(−0.7) + 0 + 4·(1)(2.3) = 16 → slope 1.6.
  // Fitted at 2020: 12.7 − 1.6·2 = 9.5 → 2025: 9.5 + 5·1.6 = 17.5.
  // Residuals 0.5, 0.9, −1.7, 0.7 → SSres = 0.25 + 1.62 + 8.67 + 1.96 = 12.5;
  // SStot = 7.29 + 0.98 + 8.67 + 21.16 = 38.1 → r² = 1 − 12.5/38.1 = 0.671916.
  const series = pts({ 2020: 10, 2021: 12, 2022: 11, 2023: 15 });

  it('matches the hand computation', () => {
    const fit = recencyWeightedFit(series);
    expect(fit.slope).toBeCloseTo(1.6, 12);
    expect(valueAt(fit, 2020)).toBeCloseTo(9.5, 10);
    expect(valueAt(fit, 2025)).toBeCloseTo(17.5, 10);
    expect(fit.r2).toBeCloseTo(0.671916, 6);
    expect(fit.weights).toEqual(pts({ 2020: 1, 2021: 2, 2022: 3, 2023: 4 }));
  });

  it('weights recent years more than ordinary least squares does (OLS slope is 1.4)', () => {
    // OLS: x̄ = 1.5, ȳ = 12, Sxy = 3 + 0 − 0.5 + 4.5 = 7, Sxx = 5 → 1.4.
    expect(recencyWeightedFit(series).slope).not.toBeCloseTo(1.4, 3);
  });

  it('weights follow years, not array positions (gaps handled)', () => {
    expect(recencyWeightedFit(pts({ 2020: 1, 2023: 4 })).weights).toEqual(pts({ 2020: 1, 2023: 4 }));
  });

  it('r² is null with two points or a flat series', () => {
    expect(recencyWeightedFit(pts({ 2020: 1, 2021: 2 })).r2).toBeNull();
    expect(recencyWeightedFit(pts({ 2020: 5, 2021: 5, 2022: 5 })).r2).toBeNull();
  });

  it('needs two distinct years', () => {
    expect(() => recencyWeightedFit(pts({ 2020: 1 }))).toThrow(RangeError);
  });
});

describe('theilSenLine', () => {
  it('ignores a single wild year', () => {
    // Pairwise slopes of 10, 11, 30, 13, 14 (2019–2023): median 1; level = median(10, 10, 28, 10, 10) = 10.
    const line = theilSenLine(pts({ 2019: 10, 2020: 11, 2021: 30, 2022: 13, 2023: 14 }));
    expect(line).toEqual({ slope: 1, origin: 2019, level: 10 });
  });
});

describe('projectToTargetYear', () => {
  it('CAGR and trend projections with shortfall relative to the progress required', () => {
    // 100 (2020) → 121 (2022), target 161.051 in 2025.
    // CAGR: 121 · 1.21^(3/2) = 121 · 1.331 = 161.051 → shortfall ≈ 0.
    // Trend (two points, exact): slope 10.5 → 121 + 3·10.5 = 152.5 → shortfall 8.551; ÷ (161.051 − 100) = 0.140063.
    const p = projectToTargetYear(pts({ 2020: 100, 2022: 121 }), 2025, { kind: 'target', direction: 'higher', target: 161.051 }, 0.001);
    expect(p.horizonYears).toBe(3);
    expect(p.cagr!.value).toBeCloseTo(161.051, 8);
    expect(p.cagr!.shortfall).toBeCloseTo(0, 8);
    expect(p.trend!.value).toBeCloseTo(152.5, 8);
    expect(p.trend!.shortfall).toBeCloseTo(8.551, 8);
    expect(p.trend!.shortfallRatio).toBeCloseTo(0.140063, 6);
    expect(p.trend!.meetsGoal).toBe(false);
  });

  it('for a lower-is-better target a projection below the target is a surplus (negative shortfall)', () => {
    // 20 → 14 in 3 years, trend slope −2 → 2025: 14 − 4 = 10 → shortfall −(10 − 12) = −2 against target 12.
    const p = projectToTargetYear(pts({ 2020: 20, 2023: 14 }), 2025, { kind: 'target', direction: 'lower', target: 12 }, 0.001);
    expect(p.trend!.value).toBeCloseTo(10, 10);
    expect(p.trend!.shortfall).toBeCloseTo(-2, 10);
    expect(p.trend!.meetsGoal).toBe(true);
  });

  it('band goals: shortfall is the distance outside the band', () => {
    // 30 → 35 (2023), trend slope 5/3 → 2025: 35 + 10/3 = 38.333 inside [38, 42] → shortfall 0.
    const p = projectToTargetYear(pts({ 2020: 30, 2023: 35 }), 2025, { kind: 'band', lower: 38, upper: 42 }, 0.001);
    expect(p.trend!.shortfall).toBe(0);
    expect(p.trend!.meetsGoal).toBe(true);
    // Required progress = distance of the base outside the band = 8.
    expect(p.trend!.shortfallRatio).toBe(0);
  });

  it('horizon 0 when the target year has data: the CAGR projection is the current value', () => {
    const p = projectToTargetYear(pts({ 2020: 100, 2025: 150 }), 2025, { kind: 'none' }, 0.001);
    expect(p.horizonYears).toBe(0);
    expect(p.cagr!.value).toBe(150);
  });

  it('outsideBand', () => {
    expect(outsideBand(37, 38, 42)).toBe(1);
    expect(outsideBand(40, 38, 42)).toBe(0);
    expect(outsideBand(45, 38, 42)).toBe(3);
  });

  it('assessProgress carries the projection and its fit', () => {
    const a = assessProgress({ comparator: 'at_least', targetValue: 20, baseYear: 2020, targetYear: 2025, unit: '%' }, pts({ 2023: 15, 2021: 12, 2022: 11, 2020: 10 }));
    expect(a.projection!.trend!.value).toBeCloseTo(17.5, 10);
    // shortfall 20 − 17.5 = 2.5 of the 10 required → 0.25.
    expect(a.projection!.trend!.shortfallRatio).toBeCloseTo(0.25, 10);
    expect(a.evidence.r2).toBeCloseTo(0.671916, 6);
  });
});
