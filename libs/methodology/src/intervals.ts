import jStat from 'jstat';

/** Coverage of every interval this library reports. */
export const CONFIDENCE_LEVEL = 0.95;

/**
 * - wilson: Wilson score interval of a proportion (Newcombe 1998, method 3);
 * - poisson_exact: Garwood's exact interval of a Poisson count, via gamma quantiles;
 * - katz_log: ratio of two proportions on the log scale (Katz et al. 1978);
 * - poisson_log_ratio: ratio of two Poisson rates, log-ratio delta method;
 * - newcombe_hybrid: difference of two proportions, Newcombe's hybrid score (1998, method 10).
 */
export type IntervalMethod = 'wilson' | 'poisson_exact' | 'katz_log' | 'poisson_log_ratio' | 'newcombe_hybrid';

export interface Bounds {
  readonly lower: number;
  readonly upper: number;
}

export interface Interval extends Bounds {
  readonly method: IntervalMethod;
  readonly level: number;
}

export interface YearInterval extends Bounds {
  readonly year: number;
}

/**
 * How a value was counted: value = numerator × factor ÷ denominator. 'proportion' when the numerator is
 * part of the denominator (a share, a coverage rate), 'rate' for events per population (per 1,000,
 * per 100,000), whose numerator is treated as a Poisson count.
 */
export type CountKind = 'proportion' | 'rate';

export interface YearCount {
  readonly year: number;
  readonly numerator: number;
  readonly denominator: number;
}

export interface CountBasis {
  /** value = numerator × factor ÷ denominator. */
  readonly factor: number;
  /** Per year; absent = decided per year by countKindOf. */
  readonly kind?: CountKind;
  readonly counts: readonly YearCount[];
}

/** Standard normal quantile for a two-sided interval at `level`. */
export function zFor(level: number): number {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  return jStat.normal.inv(1 - (1 - level) / 2, 0, 1);
}

/** Wilson score interval of x successes in n trials, on the 0–1 scale. x = 0 gives lower 0, x = n upper 1. */
export function wilsonInterval(x: number, n: number, level = CONFIDENCE_LEVEL): Bounds {
  checkCount(x, n);
  if (x > n) throw new RangeError(`a proportion needs x ≤ n, got ${x} of ${n}`);
  const z = zFor(level);
  const p = x / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return { lower: x === 0 ? 0 : Math.max(0, centre - half), upper: x === n ? 1 : Math.min(1, centre + half) };
}

/**
 * Garwood's exact interval for the mean of a Poisson count x:
 * [½χ²(α/2; 2x), ½χ²(1 − α/2; 2x + 2)] = [Γ⁻¹(α/2; x), Γ⁻¹(1 − α/2; x + 1)].
 */
export function poissonExactInterval(x: number, level = CONFIDENCE_LEVEL): Bounds {
  if (!(Number.isFinite(x) && x >= 0)) throw new RangeError(`a count must be a finite number ≥ 0, got ${x}`);
  const alpha = 1 - level;
  return { lower: x === 0 ? 0 : jStat.gamma.inv(alpha / 2, x, 1), upper: jStat.gamma.inv(1 - alpha / 2, x + 1, 1) };
}

/**
 * Proportion when the numerator is part of the denominator and the factor publishes a share (1 or
 * 100); otherwise a rate. A numerator above its denominator cannot be a share, whatever the unit says.
 */
export function countKindOf(numerator: number, denominator: number, factor: number): CountKind {
  return factor <= 100 && numerator <= denominator ? 'proportion' : 'rate';
}

/**
 * 95 % interval of numerator × factor ÷ denominator: Wilson for a proportion, Garwood for a rate. Null
 * when there is nothing counted (no positive denominator, or a negative or non-finite numerator).
 */
export function countedValueInterval(
  numerator: number | null,
  denominator: number | null,
  factor: number,
  kind?: CountKind,
  level = CONFIDENCE_LEVEL,
): (Interval & { readonly method: 'wilson' | 'poisson_exact' }) | null {
  if (numerator === null || denominator === null) return null;
  if (!(Number.isFinite(numerator) && numerator >= 0 && Number.isFinite(denominator) && denominator > 0 && factor > 0)) return null;
  const k = kind ?? countKindOf(numerator, denominator, factor);
  if (k === 'proportion' && numerator <= denominator) {
    const w = wilsonInterval(numerator, denominator, level);
    return { lower: w.lower * factor, upper: w.upper * factor, method: 'wilson', level };
  }
  const g = poissonExactInterval(numerator, level);
  return { lower: (g.lower * factor) / denominator, upper: (g.upper * factor) / denominator, method: 'poisson_exact', level };
}

/** Intervals of every counted year of a basis (years whose counts give none are left out). */
export function intervalsOf(basis: CountBasis, level = CONFIDENCE_LEVEL): (YearInterval & { method: IntervalMethod })[] {
  const out: (YearInterval & { method: IntervalMethod })[] = [];
  for (const c of basis.counts) {
    const i = countedValueInterval(c.numerator, c.denominator, basis.factor, basis.kind, level);
    if (i) out.push({ year: c.year, lower: i.lower, upper: i.upper, method: i.method });
  }
  return out;
}

/**
 * Katz log interval of p1/p2 for two proportions: exp(ln(p1/p2) ± z·√((1−p1)/x1 + (1−p2)/x2)). A zero
 * count gets ½ added to it and to its n (the usual correction), so the interval stays finite.
 */
export function katzRatioInterval(x1: number, n1: number, x2: number, n2: number, level = CONFIDENCE_LEVEL): Bounds & { estimate: number | null } {
  checkCount(x1, n1);
  checkCount(x2, n2);
  const estimate = x2 === 0 ? null : x1 / n1 / (x2 / n2);
  const [a, na] = x1 === 0 || x2 === 0 ? [x1 + 0.5, n1 + 0.5] : [x1, n1];
  const [b, nb] = x1 === 0 || x2 === 0 ? [x2 + 0.5, n2 + 0.5] : [x2, n2];
  const log = Math.log(a / na / (b / nb));
  const se = Math.sqrt((1 - a / na) / a + (1 - b / nb) / b);
  const z = zFor(level);
  return { estimate, lower: Math.exp(log - z * se), upper: Math.exp(log + z * se) };
}

/** Ratio of two Poisson rates (x1/t1)/(x2/t2): exp(ln ratio ± z·√(1/x1 + 1/x2)), ½ added to zero counts. */
export function poissonRatioInterval(x1: number, t1: number, x2: number, t2: number, level = CONFIDENCE_LEVEL): Bounds & { estimate: number | null } {
  for (const [x, t] of [[x1, t1], [x2, t2]]) {
    if (!(Number.isFinite(x) && x >= 0 && Number.isFinite(t) && t > 0)) throw new RangeError(`a rate needs a count ≥ 0 and a positive exposure, got ${x}/${t}`);
  }
  const estimate = x2 === 0 ? null : x1 / t1 / (x2 / t2);
  const zero = x1 === 0 || x2 === 0;
  const a = zero ? x1 + 0.5 : x1;
  const b = zero ? x2 + 0.5 : x2;
  const log = Math.log(a / t1 / (b / t2));
  const se = Math.sqrt(1 / a + 1 / b);
  const z = zFor(level);
  return { estimate, lower: Math.exp(log - z * se), upper: Math.exp(log + z * se) };
}

/**
 * Newcombe's hybrid score interval of p1 − p2 from the two Wilson intervals:
 * [d − √((p1−l1)² + (u2−p2)²), d + √((u1−p1)² + (p2−l2)²)].
 */
export function newcombeDifferenceInterval(x1: number, n1: number, x2: number, n2: number, level = CONFIDENCE_LEVEL): Bounds & { estimate: number } {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const w1 = wilsonInterval(x1, n1, level);
  const w2 = wilsonInterval(x2, n2, level);
  const d = p1 - p2;
  return {
    estimate: d,
    lower: d - Math.sqrt((p1 - w1.lower) ** 2 + (w2.upper - p2) ** 2),
    upper: d + Math.sqrt((w1.upper - p1) ** 2 + (p2 - w2.lower) ** 2),
  };
}

/**
 * Interval of the parity index max(f/m, m/f) from an interval [lower, upper] of f/m: the index folds
 * f/m at 1, so an interval straddling parity starts at 1.
 */
export function parityIndexBounds(ratio: Bounds): Bounds {
  if (ratio.lower >= 1) return { lower: ratio.lower, upper: ratio.upper };
  if (ratio.upper <= 1) return { lower: 1 / ratio.upper, upper: ratio.lower === 0 ? Infinity : 1 / ratio.lower };
  return { lower: 1, upper: Math.max(ratio.upper, ratio.lower === 0 ? Infinity : 1 / ratio.lower) };
}

function checkCount(x: number, n: number): void {
  if (!(Number.isFinite(x) && x >= 0 && Number.isFinite(n) && n > 0)) {
    throw new RangeError(`counts must be finite, x ≥ 0 and n > 0, got ${x} of ${n}`);
  }
}
