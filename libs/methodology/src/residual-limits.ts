import jStat from 'jstat';
import type { YearValue } from './types';

/** Chance, per series and look, that a steady series without counts flags some year. */
export const RESIDUAL_FAMILY_WISE_ALPHA = 0.02;
/** A line through the other years and an estimate of their scatter need at least four of them. */
export const MIN_POINTS_FOR_RESIDUAL_LIMITS = 5;
/** Relative size below which a departure from the line is floating-point noise. */
const NUMERIC_NOISE = 1e-9;

export interface ResidualLimitPoint {
  readonly year: number;
  readonly value: number;
  /** The value the line through the other years expects. */
  readonly expected: number;
  /** Studentised deleted residual: (value − expected) ÷ its standard error from the other years' scatter. */
  readonly t: number;
  readonly flagged: boolean;
}

export interface ResidualLimitComponents {
  /** Degrees of freedom of each year's t (years − 3). */
  readonly degreesOfFreedom: number;
  /** Per-year limit on |t|: the Student-t quantile at 1 − α/2k. */
  readonly tLimit: number;
  readonly familyWiseAlpha: number;
  readonly points: readonly ResidualLimitPoint[];
}

/**
 * Limits for a series whose values come without counts (a mean, a score, a rate filed as a figure): no
 * denominator says how much a year may vary by chance, so the series' own scatter must. Each year is
 * compared with the least-squares line through the other years, scaled by their residual scatter and the
 * line's prediction error (the studentised deleted residual, t with k − 3 degrees of freedom), against a
 * family-wise limit. With five or six yearly values this detects only large shocks; it does not flag
 * steady series by chance, which the former modified-z and constant-swing rules did (14 % of them in
 * `npm run eval:alerts`). Null below MIN_POINTS_FOR_RESIDUAL_LIMITS years.
 */
export function residualLimits(sorted: readonly YearValue[], familyWiseAlpha = RESIDUAL_FAMILY_WISE_ALPHA): ResidualLimitComponents | null {
  const k = sorted.length;
  if (k < MIN_POINTS_FOR_RESIDUAL_LIMITS) return null;
  const df = k - 3;
  const tLimit = jStat.studentt.inv(1 - familyWiseAlpha / (2 * k), df);
  const points = sorted.map((p, i) => {
    const others = sorted.filter((_, j) => j !== i);
    const m = others.length;
    const tBar = others.reduce((s, o) => s + o.year, 0) / m;
    const yBar = others.reduce((s, o) => s + o.value, 0) / m;
    const sxx = others.reduce((s, o) => s + (o.year - tBar) ** 2, 0);
    const slope = others.reduce((s, o) => s + (o.year - tBar) * (o.value - yBar), 0) / sxx;
    const fit = (year: number) => yBar + slope * (year - tBar);
    const s2 = others.reduce((s, o) => s + (o.value - fit(o.year)) ** 2, 0) / (m - 2);
    const expected = fit(p.year);
    const se = Math.sqrt(s2 * (1 + 1 / m + (p.year - tBar) ** 2 / sxx));
    // Within floating-point noise of the line is on the line: a straight series must not turn rounding into t.
    const noise = NUMERIC_NOISE * Math.max(1, ...sorted.map((o) => Math.abs(o.value)));
    const diff = Math.abs(p.value - expected) <= noise ? 0 : p.value - expected;
    const t = diff === 0 ? 0 : se > noise ? diff / se : Math.sign(diff) * Infinity;
    return { year: p.year, value: p.value, expected, t, flagged: Math.abs(t) > tLimit };
  });
  return { degreesOfFreedom: df, tLimit, familyWiseAlpha, points };
}
