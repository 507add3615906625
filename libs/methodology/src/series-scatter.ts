import jStat from 'jstat';
import { CONFIDENCE_LEVEL, type Bounds } from './intervals';
import type { SeriesScatter, YearValue } from './types';

/**
 * Fewest reported values the scatter is estimated from: a straight line through n points leaves n − 2
 * degrees of freedom, so three points give one (t₀.₉₇₅ = 12.7, a wide but valid interval) and two none.
 */
export const MIN_POINTS_FOR_SCATTER = 3;

/**
 * The sampling uncertainty of a series that comes without counts (a mean, a score, a return's figure),
 * estimated from the series itself: an ordinary least-squares line through the reported values and the
 * residual standard deviation s = √(Σ residual² ÷ (n − 2)) about it. Under a straight trend with
 * independent normal errors, t = (estimate − truth) ÷ its standard error follows Student's t with n − 2
 * degrees of freedom, so the intervals below keep their 95 % coverage however few the points.
 * Least squares, not a robust line: one wild year widens s, which only makes a warning harder to raise
 * (the benefit of the doubt goes to the district; judging wild years is the fluctuation rule's job).
 * Null with fewer than MIN_POINTS_FOR_SCATTER points or a repeated year.
 */
export function seriesScatter(points: readonly YearValue[], level = CONFIDENCE_LEVEL): SeriesScatter | null {
  const n = points.length;
  if (n < MIN_POINTS_FOR_SCATTER || new Set(points.map((p) => p.year)).size !== n) return null;
  const meanYear = points.reduce((s, p) => s + p.year, 0) / n;
  const meanValue = points.reduce((s, p) => s + p.value, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.year - meanYear) ** 2;
    sxy += (p.year - meanYear) * (p.value - meanValue);
  }
  const slope = sxy / sxx;
  let ssRes = 0;
  for (const p of points) ssRes += (p.value - meanValue - slope * (p.year - meanYear)) ** 2;
  const degreesOfFreedom = n - 2;
  return {
    standardError: Math.sqrt(ssRes / degreesOfFreedom),
    degreesOfFreedom,
    tQuantile: jStat.studentt.inv(1 - (1 - level) / 2, degreesOfFreedom),
    points: n,
    slope,
    meanYear,
    meanValue,
    sxx,
  };
}

/** The trend's level in a year and its interval ŷ ± t·s·√(1/n + (year − ȳear)² ÷ Sxx). */
export function trendLevel(scatter: SeriesScatter, year: number): Bounds & { readonly value: number } {
  const value = scatter.meanValue + scatter.slope * (year - scatter.meanYear);
  const se = scatter.standardError * Math.sqrt(1 / scatter.points + (year - scatter.meanYear) ** 2 / scatter.sxx);
  return { value, lower: value - scatter.tQuantile * se, upper: value + scatter.tQuantile * se };
}

/** The trend's change over `years` and its interval slope·years ± t·s·years ÷ √Sxx. */
export function trendChange(scatter: SeriesScatter, years: number): Bounds & { readonly value: number } {
  const value = scatter.slope * years;
  const half = (scatter.tQuantile * scatter.standardError * Math.abs(years)) / Math.sqrt(scatter.sxx);
  return { value, lower: value - half, upper: value + half };
}
