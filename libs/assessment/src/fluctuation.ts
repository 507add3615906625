import { controlLimits, type ControlLimitComponents } from './control-limits';
import { InvalidSpecError } from './errors';
import type { CountBasis } from './intervals';
import { theilSenLine, type RobustLine } from './regression';
import { normalizeSeries } from './series';
import { meanAbsoluteDeviation, median, medianAbsoluteDeviation } from './stats';
import type { FluctuationBound, YearValue } from './types';
import { METHODOLOGY_VERSION } from './version';

/** Iglewicz–Hoaglin: 0.6745 makes the MAD a consistent estimate of σ for normal data. */
export const MODIFIED_Z_CONSTANT = 0.6745;
/** Iglewicz–Hoaglin cut-off for a possible outlier. */
export const MODIFIED_Z_THRESHOLD = 3.5;
/** When the MAD is 0: 1.253314 ≈ √(π/2) makes the mean absolute deviation estimate σ. */
export const MEAN_AD_CONSTANT = 1.253314;
/** Relative size below which a residual is floating-point noise. */
const NUMERIC_NOISE = 1e-9;
/** Fewer residuals than this give no usable spread. */
export const MIN_POINTS_FOR_Z_SCORE = 4;

export type FluctuationRule = 'modified_z_score' | 'year_on_year_swing' | 'control_limits';

export interface FluctuationOptions {
  readonly bound?: FluctuationBound;
  /** The counts behind the values; when every year has them, control limits replace the other two rules. */
  readonly counts?: CountBasis;
  readonly zThreshold?: number;
  readonly minPointsForZScore?: number;
}

export interface ZScorePoint {
  readonly year: number;
  readonly value: number;
  /** value − robust trend. */
  readonly residual: number;
  readonly score: number;
  /** The smallest |residual| that matters for this year, from the indicator's bound; null without a bound. */
  readonly materiality: number | null;
  /** |score| > threshold and |residual| ≥ materiality. */
  readonly flagged: boolean;
}

export interface ZScoreComponents {
  readonly applied: boolean;
  /** Robust (Theil–Sen) trend the residuals are measured from; null when not applied. */
  readonly trend: RobustLine | null;
  readonly median: number | null;
  readonly mad: number | null;
  /** 'mad' normally; 'mean_absolute_deviation' when the MAD is 0; 'none' when every residual is equal. */
  readonly scale: 'mad' | 'mean_absolute_deviation' | 'none' | null;
  readonly threshold: number;
  readonly minPoints: number;
  readonly points: readonly ZScorePoint[];
  /** Years whose score passed the threshold but whose departure from the trend is immaterial. */
  readonly immaterialOutliers: readonly number[];
}

export type SwingLimit = 'absolute' | 'relative';

export interface Swing {
  readonly fromYear: number;
  readonly toYear: number;
  readonly change: number;
  /** change ÷ years between the two points. */
  readonly annualChange: number;
  /** annualChange ÷ |previous value|; null when the previous value is 0 (any change from 0 exceeds a relative bound). */
  readonly relativeChange: number | null;
  readonly exceeds: readonly SwingLimit[];
}

export interface FluctuationResult {
  readonly methodologyVersion: string;
  readonly fluctuating: boolean;
  /** Rules that fired, in a fixed order. */
  readonly rules: readonly FluctuationRule[];
  /** A rule fired on the latest year (its z-score, or the swing into it). */
  readonly latestYearFlagged: boolean;
  readonly zScore: ZScoreComponents;
  readonly swings: { readonly bound: FluctuationBound | null; readonly changes: readonly Swing[] };
  /** Set when the series was judged against the variation its own denominators imply. */
  readonly controlLimits: ControlLimitComponents | null;
}

/**
 * "波动较大" check over the whole series.
 *
 * Counted series (options.counts covers every year, ≥ minPointsForZScore years): funnel-plot control
 * limits (controlLimits). A year flags when its count departs from the robust trend by more than its
 * own denominator's binomial/Poisson variation allows (overdispersion-adjusted), so materiality follows
 * the data: one chair of five villages never flags, a 9 → 15 → 9 % swing among 200 chairs does. The
 * indicator's constant bound plays no part; year-on-year changes are still reported.
 *
 * Other series, two rules; either fires:
 * 1. Modified z-score of each year's residual from a robust Theil–Sen trend, |M| > 3.5. Residuals, not
 *    raw levels, because plan indicators trend and a steady climb is not volatility; not year-on-year
 *    changes, because one bad year makes two opposite changes, and in a five-point series those two
 *    inflate the MAD enough to hide it. The departure must also be material: at least half the
 *    indicator's year-on-year bound (absolute: in the unit; relative: of the year's value).
 * 2. A year-on-year change beyond the indicator's own bound (absolute and/or relative, per year).
 */
export function assessFluctuation(points: readonly YearValue[], options: FluctuationOptions = {}): FluctuationResult {
  const sorted = normalizeSeries(points);
  const bound = checkBound(options.bound);
  const minPoints = options.minPointsForZScore ?? MIN_POINTS_FOR_Z_SCORE;
  const limits = options.counts && sorted.length >= Math.max(minPoints, 2) ? controlLimits(sorted, options.counts) : null;
  if (limits) {
    const latestYear = sorted[sorted.length - 1].year;
    const fired = limits.points.some((p) => p.flagged);
    return {
      methodologyVersion: METHODOLOGY_VERSION,
      fluctuating: fired,
      rules: fired ? ['control_limits'] : [],
      latestYearFlagged: limits.points.some((p) => p.flagged && p.year === latestYear),
      zScore: skippedZScores(options.zThreshold ?? MODIFIED_Z_THRESHOLD, minPoints),
      swings: { bound: null, changes: yearOnYearSwings(sorted, null) },
      controlLimits: limits,
    };
  }
  const zScore = modifiedZScores(sorted, options.zThreshold ?? MODIFIED_Z_THRESHOLD, minPoints, bound);
  const changes = yearOnYearSwings(sorted, bound);
  const zFired = zScore.points.some((p) => p.flagged);
  const swingFired = changes.some((c) => c.exceeds.length > 0);
  const rules: FluctuationRule[] = [];
  if (zFired) rules.push('modified_z_score');
  if (swingFired) rules.push('year_on_year_swing');
  const latestYear = sorted.length > 0 ? sorted[sorted.length - 1].year : null;
  const latestYearFlagged =
    zScore.points.some((p) => p.flagged && p.year === latestYear) || changes.some((c) => c.exceeds.length > 0 && c.toYear === latestYear);
  return {
    methodologyVersion: METHODOLOGY_VERSION,
    fluctuating: rules.length > 0,
    rules,
    latestYearFlagged,
    zScore,
    swings: { bound, changes },
    controlLimits: null,
  };
}

function skippedZScores(threshold: number, minPoints: number): ZScoreComponents {
  return { applied: false, trend: null, median: null, mad: null, scale: null, threshold, minPoints, points: [], immaterialOutliers: [] };
}

/** Half the indicator's bound, in the unit of a year's value: the smallest departure from the trend that matters. */
export function materialityOf(value: number, bound: FluctuationBound | null): number | null {
  if (!bound) return null;
  if (bound.absolute !== undefined) return bound.absolute / 2;
  return bound.relative !== undefined ? (bound.relative / 2) * Math.abs(value) : null;
}

/** Modified z-scores of residuals from a Theil–Sen line, with the Iglewicz–Hoaglin MAD=0 fallback. */
export function modifiedZScores(
  sorted: readonly YearValue[], threshold = MODIFIED_Z_THRESHOLD, minPoints = MIN_POINTS_FOR_Z_SCORE, bound: FluctuationBound | null = null,
): ZScoreComponents {
  if (sorted.length < Math.max(minPoints, 2)) return skippedZScores(threshold, minPoints);
  const trend = theilSenLine(sorted);
  // Residuals within floating-point noise of the line are exactly zero, so that a perfectly straight
  // series has MAD 0 rather than a 1e-15 MAD that would turn rounding noise into huge scores.
  const noise = NUMERIC_NOISE * Math.max(1, ...sorted.map((p) => Math.abs(p.value)));
  const residuals = sorted.map((p) => {
    const r = p.value - (trend.level + trend.slope * (p.year - trend.origin));
    return Math.abs(r) <= noise ? 0 : r;
  });
  const centre = median(residuals);
  const mad = medianAbsoluteDeviation(residuals, centre);
  const meanAd = meanAbsoluteDeviation(residuals, centre);
  const scale = mad > 0 ? 'mad' : meanAd > 0 ? 'mean_absolute_deviation' : 'none';
  const scoreOf = (r: number): number => {
    if (scale === 'mad') return (MODIFIED_Z_CONSTANT * (r - centre)) / mad;
    if (scale === 'mean_absolute_deviation') return (r - centre) / (MEAN_AD_CONSTANT * meanAd);
    return 0;
  };
  const immaterialOutliers: number[] = [];
  const points = sorted.map((p, i) => {
    const score = scoreOf(residuals[i]);
    const materiality = materialityOf(p.value, bound);
    const outlier = Math.abs(score) > threshold;
    const material = materiality === null || Math.abs(residuals[i]) >= materiality;
    if (outlier && !material) immaterialOutliers.push(p.year);
    return { year: p.year, value: p.value, residual: residuals[i], score, materiality, flagged: outlier && material };
  });
  return { applied: true, trend, median: centre, mad, scale, threshold, minPoints, points, immaterialOutliers };
}

/** Changes between consecutive observed years, annualised over gaps, checked against the bound. */
export function yearOnYearSwings(sorted: readonly YearValue[], bound: FluctuationBound | null): Swing[] {
  const swings: Swing[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const next = sorted[i];
    const years = next.year - prev.year;
    const change = next.value - prev.value;
    const annualChange = change / years;
    const relativeChange = prev.value === 0 ? (change === 0 ? 0 : null) : annualChange / Math.abs(prev.value);
    const exceeds: SwingLimit[] = [];
    if (bound?.absolute !== undefined && Math.abs(annualChange) > bound.absolute) exceeds.push('absolute');
    if (bound?.relative !== undefined && (relativeChange === null || Math.abs(relativeChange) > bound.relative)) exceeds.push('relative');
    swings.push({ fromYear: prev.year, toYear: next.year, change, annualChange, relativeChange, exceeds });
  }
  return swings;
}

function checkBound(bound: FluctuationBound | undefined): FluctuationBound | null {
  if (!bound) return null;
  for (const key of ['absolute', 'relative'] as const) {
    const v = bound[key];
    if (v !== undefined && !(Number.isFinite(v) && v >= 0)) throw new InvalidSpecError(`fluctuation bound ${key} must be a finite number ≥ 0`);
  }
  return bound.absolute === undefined && bound.relative === undefined ? null : { ...bound };
}
