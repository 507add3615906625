import jStat from 'jstat';
import { countKindOf } from './intervals';

/** Chance, per series and look, that a stable gap reads as widening (one-sided). */
export const GAP_TREND_ALPHA = 0.01;
/** Fewer years than this give no trend test. */
export const MIN_POINTS_FOR_GAP_TREND = 3;
/** Without sampling variances the residuals must estimate the noise: two more points than the line needs. */
export const MIN_POINTS_WITHOUT_COUNTS = 4;
/** Half a count keeps a log ratio and its variance finite when a year counted nothing. */
const HALF = 0.5;

/** One sex's value in one year, with the counts it was computed from where there are any. */
export interface SexValue {
  readonly value: number;
  readonly numerator?: number | null;
  readonly denominator?: number | null;
}

export interface GapTrendYear {
  readonly year: number;
  readonly female: SexValue;
  /** Absent for a share of one sex judged by its distance from a reference (50 %). */
  readonly male?: SexValue;
}

/**
 * How the gap is put on a scale where its sampling variance is known: the female − male difference, the
 * log of the parity ratio f/m (distance from parity is symmetric there), or a share's distance from its
 * reference.
 */
export type GapScale = 'difference' | 'log_ratio' | 'share_distance';

export interface GapTrendOptions {
  readonly scale: GapScale;
  /** The unit's factor (100 for percent, 100,000 for a rate per 100,000). */
  readonly factor: number;
  /** share_distance: the share the gap is measured from (50). */
  readonly reference?: number;
  readonly alpha?: number;
  /**
   * Values without counts only: the least change of the distance over the years tested that counts as a
   * widening or narrowing, on the test's scale. Their scatter is all the test has to go on, and a series
   * filed on exact steps has almost none, so a drift of 0.0003 would read as significant.
   */
  readonly minimumChange?: number;
}

export interface GapTrendTest {
  readonly scale: GapScale;
  /** 'sampling': variances from the counts (weighted least squares, overdispersion allowed for); 'residual': from the scatter about the line. */
  readonly variance: 'sampling' | 'residual' | 'none';
  readonly years: number;
  /** Change per year of the distance from no gap (positive: widening), on the test's scale. */
  readonly slope: number | null;
  readonly standardError: number | null;
  readonly statistic: number | null;
  /** One-sided critical value of the statistic. */
  readonly critical: number | null;
  /** Multiplicative overdispersion applied (1: pure sampling variation). */
  readonly phi: number | null;
  readonly trend: 'widening' | 'narrowing' | 'stable' | 'insufficient_data';
}

interface Point {
  t: number;
  g: number;
  variance: number | null;
}

/**
 * Whether a female–male gap is widening beyond what sampling variation explains: the trend of the gap's
 * distance from "no gap" over the years, weighted by each year's sampling variance where the values are
 * counted (Wald test of the weighted least-squares slope, with Spiegelhalter's multiplicative
 * overdispersion when the scatter exceeds the sampling variance), else an ordinary least-squares t-test on
 * the residual scatter. Using every year, not the base and current years alone, is what gives the test
 * its power: two noisy end points tell little. Pure.
 */
export function gapTrendTest(years: readonly GapTrendYear[], options: GapTrendOptions): GapTrendTest {
  const alpha = options.alpha ?? GAP_TREND_ALPHA;
  const points = years.map((y) => pointOf(y, options)).filter((p): p is Point => p !== null).sort((a, b) => a.t - b.t);
  const none = (variance: GapTrendTest['variance']): GapTrendTest => ({ scale: options.scale, variance, years: points.length, slope: null, standardError: null, statistic: null, critical: null, phi: null, trend: 'insufficient_data' });
  const counted = points.every((p) => p.variance !== null && p.variance > 0);
  if (points.length < (counted ? MIN_POINTS_FOR_GAP_TREND : MIN_POINTS_WITHOUT_COUNTS)) return none(counted ? 'sampling' : 'residual');

  // Distance from no gap, signed by the side the gap is on over the period (so a gap that stays on one
  // side and grows is a positive slope, whichever sex is ahead).
  const weights = points.map((p) => (counted ? 1 / p.variance! : 1));
  const side = Math.sign(points.reduce((s, p, i) => s + weights[i] * p.g, 0)) || 1;
  const d = points.map((p) => side * p.g);
  const sw = weights.reduce((s, w) => s + w, 0);
  const tBar = points.reduce((s, p, i) => s + weights[i] * p.t, 0) / sw;
  const dBar = d.reduce((s, v, i) => s + weights[i] * v, 0) / sw;
  const sxx = points.reduce((s, p, i) => s + weights[i] * (p.t - tBar) ** 2, 0);
  const slope = points.reduce((s, p, i) => s + weights[i] * (p.t - tBar) * (d[i] - dBar), 0) / sxx;
  const residualSq = points.reduce((s, p, i) => s + weights[i] * (d[i] - dBar - slope * (p.t - tBar)) ** 2, 0);
  const df = points.length - 2;

  let phi: number;
  let variance: number;
  let critical: number;
  if (counted) {
    // φ from the scatter when there is enough of it; a sampling-only Wald test otherwise.
    phi = df > 0 ? Math.max(1, residualSq / df) : 1;
    variance = phi / sxx;
    critical = phi > 1 ? jStat.studentt.inv(1 - alpha, df) : jStat.normal.inv(1 - alpha, 0, 1);
  } else {
    phi = 1;
    variance = residualSq / df / sxx;
    critical = jStat.studentt.inv(1 - alpha, df);
  }
  const standardError = Math.sqrt(variance);
  const statistic = standardError > 0 ? slope / standardError : slope > 0 ? Infinity : slope < 0 ? -Infinity : 0;
  const span = points[points.length - 1].t - points[0].t;
  const material = counted || Math.abs(slope * span) >= (options.minimumChange ?? 0);
  const trend = !material ? 'stable' : statistic > critical ? 'widening' : statistic < -critical ? 'narrowing' : 'stable';
  return { scale: options.scale, variance: counted ? 'sampling' : 'residual', years: points.length, slope, standardError, statistic, critical, phi: counted ? phi : null, trend };
}

function pointOf(y: GapTrendYear, o: GapTrendOptions): Point | null {
  const f = y.female;
  const m = y.male;
  switch (o.scale) {
    case 'share_distance':
      return { t: y.year, g: f.value - (o.reference ?? 50), variance: shareVariance(f, o.factor) };
    case 'difference':
      if (!m) return null;
      return { t: y.year, g: f.value - m.value, variance: sum(shareVariance(f, o.factor), shareVariance(m, o.factor)) };
    case 'log_ratio':
      if (!m || !(f.value > 0 && m.value > 0)) return countedLogRatio(y, o.factor);
      return { t: y.year, g: Math.log(f.value / m.value), variance: sum(logVariance(f, o.factor), logVariance(m, o.factor)) };
  }
}

/** A year where one sex counted nothing: the log ratio with half a count added, so the year still counts. */
function countedLogRatio(y: GapTrendYear, factor: number): Point | null {
  const f = y.female;
  const m = y.male;
  if (!m || !isCounted(f) || !isCounted(m)) return null;
  const rf = (f.numerator! + HALF) / f.denominator!;
  const rm = (m.numerator! + HALF) / m.denominator!;
  return { t: y.year, g: Math.log(rf / rm), variance: sum(logVariance(f, factor), logVariance(m, factor)) };
}

const isCounted = (v: SexValue) => typeof v.numerator === 'number' && typeof v.denominator === 'number' && v.denominator > 0 && v.numerator >= 0;

/** Variance of a counted value on its published scale: binomial for a proportion, Poisson for a rate. */
function shareVariance(v: SexValue, factor: number): number | null {
  if (!isCounted(v)) return null;
  const x = v.numerator!;
  const n = v.denominator!;
  if (countKindOf(x, n, factor) === 'rate') return (factor / n) ** 2 * Math.max(x, HALF);
  // (x + ½)/(n + 1) keeps a year at 0 % or 100 % from claiming no variance at all.
  const p = (x + HALF) / (n + 1);
  return factor ** 2 * (p * (1 - p)) / n;
}

/** Variance of the log of a counted value (delta method): (1 − p)/x for a proportion, 1/x for a rate. */
function logVariance(v: SexValue, factor: number): number | null {
  if (!isCounted(v)) return null;
  const x = Math.max(v.numerator!, HALF);
  const n = v.denominator!;
  return countKindOf(v.numerator!, n, factor) === 'rate' ? 1 / x : Math.max(1 - x / n, 0) / x || 1 / (2 * n);
}

const sum = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);
