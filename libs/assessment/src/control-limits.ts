import jStat from 'jstat';
import { countKindOf, type CountBasis, type CountKind } from './intervals';
import { theilSenLine, type RobustLine } from './regression';
import type { YearValue } from './types';

/** Chance, per series, that pure sampling variation puts some year outside its limits. */
export const FAMILY_WISE_ALPHA = 0.05;
/** Below this expected count (of either outcome) a year is scored by its exact binomial or Poisson tail. */
export const EXACT_BELOW_EXPECTED = 50;
/** Half a count: the least an expected count can be, so that a trend at 0 % still allows one event. */
const HALF_COUNT = 0.5;
/** |z| cap for tails below the precision of the tail functions. */
const Z_CAP = 40;
/** Fewer years than this cannot estimate overdispersion: winsorising leaves too few residuals. */
export const MIN_POINTS_FOR_OVERDISPERSION = 5;
/**
 * Mean winsorised square of the residuals of a Theil–Sen line through k independent N(0, 1) values
 * (simulated, 10^5 series each). Dividing by it makes φ̂ ≈ 1 for pure sampling noise: the fitted trend
 * and the winsorising both shrink residuals, and more so the shorter the series.
 */
export const OVERDISPERSION_CONSISTENCY: Readonly<Record<number, number>> = Object.freeze({
  5: 0.278, 6: 0.363, 7: 0.472, 8: 0.501, 9: 0.567, 10: 0.595, 11: 0.641, 12: 0.658,
});

export interface ControlLimitPoint {
  readonly year: number;
  readonly value: number;
  readonly numerator: number;
  readonly denominator: number;
  /** The robust trend's value this year, in the indicator's unit. */
  readonly expected: number;
  /** Sampling z-score of the count against the expected one (exact tail turned into z for small counts). */
  readonly z: number;
  /** z ÷ √φ. */
  readonly adjustedZ: number;
  readonly flagged: boolean;
}

export interface ControlLimitComponents {
  readonly kind: CountKind;
  readonly trend: RobustLine;
  /** Per-year limit on |adjustedZ|: Φ⁻¹(1 − α/2k) for k years, so a series has ≤ α chance of a false flag. */
  readonly zLimit: number;
  readonly familyWiseAlpha: number;
  /**
   * Mean of the winsorised squared z-scores (Spiegelhalter 2005) ÷ OVERDISPERSION_CONSISTENCY[k]; null
   * with fewer than MIN_POINTS_FOR_OVERDISPERSION years.
   */
  readonly overdispersionEstimate: number | null;
  /** Multiplicative overdispersion actually applied: max(1, estimate). */
  readonly phi: number;
  /** 'normal' while φ = 1; 'student_t' (k − 2 degrees of freedom) once φ is estimated from the series. */
  readonly reference: 'normal' | 'student_t';
  readonly points: readonly ControlLimitPoint[];
}

/**
 * Funnel-plot / SPC control limits for a series of counted values (Spiegelhalter 2005): each year's
 * count is compared with the count the series' robust Theil–Sen trend expects at that year's own
 * denominator, so the limits widen for five villages and narrow for 200 chairs. Expected counts are
 * floored at half a count (a trend at 0 % must not make one event "impossible"). Small expected counts
 * are scored by the exact binomial (proportions) or Poisson (rates) tail, larger ones by the normal
 * score. The limit is family-wise: Φ⁻¹(1 − α/2k) for k years keeps the chance that a series of pure
 * sampling noise flags any year at ≤ α. Variation beyond binomial/Poisson is absorbed by a
 * multiplicative φ from the winsorised z-scores, never below 1. Returns null unless every point has counts.
 */
export function controlLimits(sorted: readonly YearValue[], basis: CountBasis, familyWiseAlpha = FAMILY_WISE_ALPHA): ControlLimitComponents | null {
  const byYear = new Map(basis.counts.map((c) => [c.year, c]));
  const counted = sorted.map((p) => ({ p, c: byYear.get(p.year) }));
  if (counted.length < 2 || counted.some(({ c }) => !c || !(c.denominator > 0) || !(c.numerator >= 0))) return null;
  const kinds = new Set(counted.map(({ c }) => basis.kind ?? countKindOf(c!.numerator, c!.denominator, basis.factor)));
  const kind: CountKind = kinds.has('rate') ? 'rate' : 'proportion';
  const trend = theilSenLine(sorted);
  const scored = counted.map(({ p, c }) => {
    const expected = trend.level + trend.slope * (p.year - trend.origin);
    const z = countZ(c!.numerator, c!.denominator, expected / basis.factor, kind);
    return { year: p.year, value: p.value, numerator: c!.numerator, denominator: c!.denominator, expected, z };
  });
  const k = scored.length;
  const overdispersionEstimate =
    k >= MIN_POINTS_FOR_OVERDISPERSION ? winsorisedMeanSquare(scored.map((s) => s.z)) / OVERDISPERSION_CONSISTENCY[Math.min(k, 12)] : null;
  const phi = Math.max(1, overdispersionEstimate ?? 1);
  // An estimated φ is itself uncertain (k − 2 degrees of freedom after the trend), so the limit follows t.
  const reference = phi > 1 ? 'student_t' : 'normal';
  const tail = 1 - familyWiseAlpha / (2 * k);
  const zLimit = reference === 'student_t' ? jStat.studentt.inv(tail, k - 2) : jStat.normal.inv(tail, 0, 1);
  const points = scored.map((s) => {
    const adjustedZ = s.z / Math.sqrt(phi);
    return { ...s, adjustedZ, flagged: Math.abs(adjustedZ) > zLimit };
  });
  return { kind, trend, zLimit, familyWiseAlpha, overdispersionEstimate, phi, reference, points };
}

/** z-score of x events out of n against an expected rate θ (per unit of the denominator). */
export function countZ(x: number, n: number, theta: number, kind: CountKind): number {
  const floor = HALF_COUNT / n;
  const t = kind === 'proportion' ? Math.min(1 - floor, Math.max(floor, theta)) : Math.max(floor, theta);
  const mean = n * t;
  const small = kind === 'proportion' ? Math.min(mean, n - mean) < EXACT_BELOW_EXPECTED : mean < EXACT_BELOW_EXPECTED;
  if (!small) {
    const variance = kind === 'proportion' ? mean * (1 - t) : mean;
    return (x - mean) / Math.sqrt(variance);
  }
  const k = Math.round(x);
  const cdf = (j: number) => (kind === 'proportion' ? jStat.binomial.cdf(j, Math.round(n), t) : poissonCdf(j, mean));
  if (k >= mean) return Math.min(Z_CAP, Math.max(0, -jStat.normal.inv(1 - cdf(k - 1), 0, 1)));
  return Math.max(-Z_CAP, Math.min(0, jStat.normal.inv(cdf(k), 0, 1)));
}

/** P(X ≤ k) for X ~ Poisson(μ), through the regularised gamma function (no factorial overflow). */
function poissonCdf(k: number, mean: number): number {
  if (k < 0) return 0;
  return 1 - jStat.gamma.cdf(mean, k + 1, 1);
}

/**
 * Spiegelhalter's φ̂ = (1/I)·Σ z²ᵢ after winsorising the z-scores: the most extreme 10 % at each end
 * (at least one) are pulled in to the next value, so the shock being tested does not inflate φ.
 */
export function winsorisedMeanSquare(z: readonly number[]): number {
  const sorted = [...z].sort((a, b) => a - b);
  const cut = Math.max(1, Math.floor(0.1 * sorted.length));
  const low = sorted[cut];
  const high = sorted[sorted.length - 1 - cut];
  return z.reduce((sum, v) => sum + Math.min(high, Math.max(low, v)) ** 2, 0) / z.length;
}
