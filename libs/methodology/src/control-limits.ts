import jStat from 'jstat';
import { countKindOf, type CountBasis, type CountKind } from './intervals';
import { theilSenLine, type RobustLine } from './regression';
import type { YearValue } from './types';

/** Chance, per series, that pure sampling variation puts some year outside its limits. */
export const FAMILY_WISE_ALPHA = 0.025;
/** Half a count: the least an expected count can be, so that a trend at 0 % still allows one event. */
const HALF_COUNT = 0.5;
/** |z| cap for tails below the precision of the tail functions. */
const Z_CAP = 40;
/** Fewer years than this leave too few others to expect a year from (a line needs two, and its check a third). */
export const MIN_POINTS_FOR_LIMITS = 4;
/** Fewer years than this cannot estimate overdispersion: winsorising leaves too few residuals. */
export const MIN_POINTS_FOR_OVERDISPERSION = 5;
/**
 * Mean winsorised square of the standardised deleted residuals of k years of pure binomial noise about a
 * straight trend (simulated, 4,000 series each). Dividing by it makes φ̂ ≈ 1 for pure sampling noise:
 * winsorising pulls in the largest squares, and more so the shorter the series.
 */
export const OVERDISPERSION_CONSISTENCY: Readonly<Record<number, number>> = Object.freeze({
  5: 0.457, 6: 0.511, 7: 0.562, 8: 0.618, 9: 0.645, 10: 0.675, 11: 0.701, 12: 0.724,
});

export interface ControlLimitPoint {
  readonly year: number;
  readonly value: number;
  readonly numerator: number;
  readonly denominator: number;
  /** What the other years' trend expects this year, in the indicator's unit. */
  readonly expected: number;
  /** The year's departure from that expectation in standard errors (its own and the expectation's); an exact test's p-value as z for few events. */
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
  /** 'overdispersed' when φ > 1 was applied (z-scores divided by √φ), else 'normal'. */
  readonly reference: 'normal' | 'overdispersed';
  readonly points: readonly ControlLimitPoint[];
}

/** Whether every point has a usable count (a positive denominator, a non-negative numerator). */
export function countsCoverEveryYear(sorted: readonly YearValue[], basis: CountBasis): boolean {
  const byYear = new Map(basis.counts.map((c) => [c.year, c]));
  return sorted.every((p) => {
    const c = byYear.get(p.year);
    return c !== undefined && c.denominator > 0 && c.numerator >= 0;
  });
}

/**
 * Funnel-plot / SPC control limits for a series of counted values (Spiegelhalter 2005), each year against
 * what the other years expect at its own denominator (predictWithout), so the limits widen for five
 * villages and narrow for 200 chairs; with few expected events, an exact test against the other years
 * pooled (exactAgainstOthers). The limit is family-wise: Φ⁻¹(1 − α/2k) for k years. Variation beyond
 * binomial/Poisson is absorbed by a multiplicative φ when Spiegelhalter's test finds it. Returns null
 * unless every year has counts and there are at least MIN_POINTS_FOR_LIMITS of them. `trend` (robust
 * Theil–Sen, over every year) is for display.
 */
export function controlLimits(sorted: readonly YearValue[], basis: CountBasis, familyWiseAlpha = FAMILY_WISE_ALPHA): ControlLimitComponents | null {
  if (sorted.length < MIN_POINTS_FOR_LIMITS || !countsCoverEveryYear(sorted, basis)) return null;
  const byYear = new Map(basis.counts.map((c) => [c.year, c]));
  const counted = sorted.map((p) => ({ p, c: byYear.get(p.year) }));
  const kinds = new Set(counted.map(({ c }) => basis.kind ?? countKindOf(c!.numerator, c!.denominator, basis.factor)));
  const kind: CountKind = kinds.has('rate') ? 'rate' : 'proportion';
  const trend = theilSenLine(sorted);
  const years = counted.map(({ p, c }) => ({ year: p.year, value: p.value, numerator: c!.numerator, denominator: c!.denominator }));
  const scored = years.map((y, i) => {
    // Each year against the trend of the other years (a deleted residual): the year being judged cannot
    // pull its own expectation towards it, and the expectation's own uncertainty (a line through three or
    // four noisy years is far from exact) widens the limit instead of passing for a shock.
    const fit = predictWithout(years, i, kind);
    return { ...y, expected: fit.rate * basis.factor, z: fit.small ? exactAgainstOthers(years, i, kind) : (y.numerator / y.denominator - fit.rate) / Math.sqrt(fit.variance) };
  });
  const k = scored.length;
  const overdispersionEstimate =
    k >= MIN_POINTS_FOR_OVERDISPERSION ? winsorisedMeanSquare(scored.map((x) => x.z)) / OVERDISPERSION_CONSISTENCY[Math.min(k, 12)] : null;
  // Spiegelhalter's test for overdispersion: φ̂ is used only when it exceeds what sampling noise gives in
  // 95 % of series (χ²(k − 2) ÷ (k − 2)); otherwise one shock leaking into its neighbours' residuals would
  // widen the limits that are meant to catch it.
  const phi = overdispersionEstimate !== null && overdispersionEstimate > jStat.chisquare.inv(0.95, k - 2) / (k - 2) ? overdispersionEstimate : 1;
  const reference = phi > 1 ? 'overdispersed' : 'normal';
  const tail = 1 - familyWiseAlpha / (2 * k);
  const zLimit = jStat.normal.inv(tail, 0, 1);
  const points = scored.map((x) => {
    const adjustedZ = x.z / Math.sqrt(phi);
    return { ...x, adjustedZ, flagged: Math.abs(adjustedZ) > zLimit };
  });
  return { kind, trend, zLimit, familyWiseAlpha, overdispersionEstimate, phi, reference, points };
}

interface CountedYear {
  year: number;
  numerator: number;
  denominator: number;
}

interface Prediction {
  /** Expected events per unit of the denominator. */
  rate: number;
  /** Variance of the year's rate about that expectation: its own sampling variance plus the expectation's. */
  variance: number;
  /** Too few expected events (or non-events) for the normal score: judged by an exact test instead. */
  small: boolean;
}

/** Below this many expected events (or non-events) a year is judged by an exact test. */
export const EXACT_BELOW = 5;

/**
 * The rate year `skip` is expected to have from the other years: a weighted least-squares line through
 * their rates (weights: their denominators, the inverse of their sampling variance at the pooled rate),
 * and the variance of the year's rate about it (sampling at the pooled rate plus the line's prediction
 * variance at that year). Clamped to a possible rate.
 */
function predictWithout(years: readonly CountedYear[], skip: number, kind: CountKind): Prediction {
  const others = years.filter((_, i) => i !== skip);
  const events = others.reduce((s, y) => s + y.numerator, 0);
  const exposure = others.reduce((s, y) => s + y.denominator, 0);
  const pooled = Math.max(events, HALF_COUNT) / exposure;
  const unitVariance = kind === 'proportion' ? Math.max(pooled * (1 - Math.min(pooled, 1 - HALF_COUNT / exposure)), HALF_COUNT / exposure) : pooled;
  const tBar = others.reduce((s, y) => s + y.denominator * y.year, 0) / exposure;
  const rBar = events / exposure;
  const sxx = others.reduce((s, y) => s + y.denominator * (y.year - tBar) ** 2, 0);
  const slope = sxx > 0 ? others.reduce((s, y) => s + y.denominator * (y.year - tBar) * (y.numerator / y.denominator - rBar), 0) / sxx : 0;
  const { year: at, denominator: n } = years[skip];
  const floor = HALF_COUNT / n;
  const raw = rBar + slope * (at - tBar);
  const rate = kind === 'proportion' ? Math.min(1 - floor, Math.max(floor, raw)) : Math.max(floor, raw);
  const prediction = unitVariance * (1 / exposure + (sxx > 0 ? (at - tBar) ** 2 / sxx : 0));
  const expectedEvents = n * pooled;
  const small = expectedEvents < EXACT_BELOW || (kind === 'proportion' && n - expectedEvents < EXACT_BELOW);
  return { rate, variance: unitVariance / n + prediction, small };
}

/**
 * With few expected events a trend cannot be told from noise, so the year is compared with the other
 * years pooled, exactly: Fisher's test for a proportion (hypergeometric), the conditional binomial test
 * for a rate (the year's share of all events against its share of the exposure). The two-sided p-value
 * is returned as a signed z-score.
 */
function exactAgainstOthers(years: readonly CountedYear[], skip: number, kind: CountKind): number {
  const y = years[skip];
  const x = Math.round(y.numerator);
  const events = years.reduce((s, v) => s + Math.round(v.numerator), 0);
  const exposure = years.reduce((s, v) => s + v.denominator, 0);
  const expected = (events * y.denominator) / exposure;
  const cdf = (k: number) =>
    kind === 'proportion'
      ? jStat.hypgeom.cdf(k, Math.round(exposure), events, Math.round(y.denominator))
      : jStat.binomial.cdf(k, events, y.denominator / exposure);
  const lower = cdf(x);
  const upper = 1 - (x > 0 ? cdf(x - 1) : 0);
  const p = Math.min(1, 2 * Math.min(lower, upper));
  const magnitude = Math.min(Z_CAP, jStat.normal.inv(1 - p / 2, 0, 1));
  return x >= expected ? magnitude : -magnitude;
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
