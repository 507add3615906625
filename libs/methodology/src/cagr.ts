/**
 * Replacement for a zero value in a CAGR (a ratio with zero is undefined). Same constant as
 * Open SDG sdg-build, in the indicator's own unit.
 */
export const ZERO_EPSILON = 0.001;

/** Compound annual growth rate (to/from)^(1/years) − 1. Both values must be non-zero and of the same sign. */
export function cagr(from: number, to: number, years: number): number {
  if (!(years > 0)) throw new RangeError(`CAGR needs a positive number of years, got ${years}`);
  if (from === 0 || to === 0 || Math.sign(from) !== Math.sign(to)) {
    throw new RangeError(`CAGR needs two non-zero values of the same sign, got ${from} and ${to}`);
  }
  return Math.pow(to / from, 1 / years) - 1;
}

/**
 * CAGR corrected for negative values: for two negative values the plain ratio shrinks when the value
 * rises (−10 → −5 gives ratio 0.5), so the sign of the base flips it back. Positive = the value rose.
 * Null when the two values have opposite signs (no growth rate exists).
 */
export function valueGrowthRate(from: number, to: number, years: number): number | null {
  if (from === 0 || to === 0 || Math.sign(from) !== Math.sign(to)) return null;
  return Math.sign(from) * cagr(from, to, years);
}

/**
 * Replaces an exact zero by ±epsilon. The sign follows `signHint` (the base) so that a value falling
 * to zero from a negative base stays comparable with it.
 */
export function replaceZero(value: number, epsilon: number, signHint = 1): { value: number; replaced: boolean } {
  if (value !== 0) return { value, replaced: false };
  return { value: signHint < 0 ? -epsilon : epsilon, replaced: true };
}

/**
 * The epsilon actually used: the configured one, unless some non-zero value involved is smaller than
 * twice that, in which case half the smallest non-zero magnitude. Otherwise a fall from 0.0005 to 0
 * would become a rise to 0.001 and read as the wrong direction.
 */
export function effectiveEpsilon(configured: number, values: readonly number[]): number {
  let smallest = Infinity;
  for (const v of values) if (v !== 0 && Math.abs(v) < smallest) smallest = Math.abs(v);
  return Math.min(configured, smallest / 2);
}
