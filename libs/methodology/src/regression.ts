import { median } from './stats';
import type { TrendFit, YearValue } from './types';

/**
 * Weighted least-squares line value = intercept + slope · year, with weight year − firstYear + 1:
 * the first year weighs 1, a year later 2, and so on, so recent years count more while every point
 * still counts. Weights follow the year, not the array position, so gaps and input order don't matter.
 * r² is the weighted coefficient of determination; null with fewer than 3 points (a line through two
 * points always fits) or when the values do not vary.
 */
export function recencyWeightedFit(points: readonly YearValue[]): TrendFit {
  const years = points.map((p) => p.year);
  if (new Set(years).size < 2) throw new RangeError('a trend needs at least two distinct years');
  const first = Math.min(...years);
  const weights = points.map((p) => ({ year: p.year, value: p.year - first + 1 }));
  let sw = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < points.length; i++) {
    const w = weights[i].value;
    sw += w;
    // Centre years on the first year so sums stay small and exact for integer years.
    sx += w * (points[i].year - first);
    sy += w * points[i].value;
  }
  const mx = sx / sw;
  const my = sy / sw;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < points.length; i++) {
    const w = weights[i].value;
    const dx = points[i].year - first - mx;
    const dy = points[i].value - my;
    sxx += w * dx * dx;
    sxy += w * dx * dy;
    syy += w * dy * dy;
  }
  const slope = sxy / sxx;
  const interceptAtFirst = my - slope * mx;
  let ssRes = 0;
  for (let i = 0; i < points.length; i++) {
    const fitted = interceptAtFirst + slope * (points[i].year - first);
    ssRes += weights[i].value * (points[i].value - fitted) ** 2;
  }
  const r2 = points.length < 3 || syy === 0 ? null : Math.min(1, Math.max(0, 1 - ssRes / syy));
  return {
    slope,
    intercept: interceptAtFirst - slope * first,
    r2,
    weights: [...weights].sort((a, b) => a.year - b.year),
  };
}

/** Value of a fitted line in a given year, computed around the first weighted year for precision. */
export function valueAt(fit: TrendFit, year: number): number {
  const first = fit.weights[0].year;
  const atFirst = fit.intercept + fit.slope * first;
  return atFirst + fit.slope * (year - first);
}

/** A straight line through (origin, level) with the given slope; origin is the first year, for precision. */
export interface RobustLine {
  readonly slope: number;
  readonly origin: number;
  readonly level: number;
}

/**
 * Theil–Sen robust line: slope = median of all pairwise slopes, level = median of value − slope·(year − origin).
 * One wild year cannot drag it, which is why fluctuation residuals are measured from it.
 */
export function theilSenLine(points: readonly YearValue[]): RobustLine {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      if (points[j].year !== points[i].year) slopes.push((points[j].value - points[i].value) / (points[j].year - points[i].year));
    }
  }
  if (slopes.length === 0) throw new RangeError('a trend needs at least two distinct years');
  const slope = median(slopes);
  const origin = Math.min(...points.map((p) => p.year));
  const level = median(points.map((p) => p.value - slope * (p.year - origin)));
  return { slope, origin, level };
}
