import { controlLimits, type ControlLimitComponents, countsCoverEveryYear } from './control-limits';
import { InvalidSpecError } from './errors';
import type { CountBasis } from './intervals';
import { residualLimits, type ResidualLimitComponents } from './residual-limits';
import { normalizeSeries } from './series';
import type { FluctuationBound, YearValue } from './types';
import { METHODOLOGY_VERSION } from './version';

export type FluctuationRule = 'control_limits' | 'residual_limits';

export interface FluctuationOptions {
  /** The indicator's year-on-year bound: reported against each change, no longer a rule of its own. */
  readonly bound?: FluctuationBound;
  /** The counts behind the values; when every year has them, the year's own denominator sets its limits. */
  readonly counts?: CountBasis;
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
  /** The catalogue bounds this change exceeds (context for the reader; not a warning by itself). */
  readonly exceeds: readonly SwingLimit[];
}

export interface FluctuationResult {
  readonly methodologyVersion: string;
  readonly fluctuating: boolean;
  /** The rule that fired, if any. */
  readonly rules: readonly FluctuationRule[];
  /** The latest year is flagged. */
  readonly latestYearFlagged: boolean;
  readonly swings: { readonly bound: FluctuationBound | null; readonly changes: readonly Swing[] };
  /** Set when the series was judged against the variation its own denominators imply. */
  readonly controlLimits: ControlLimitComponents | null;
  /** Set when a series without counts was judged against its own scatter. */
  readonly residualLimits: ResidualLimitComponents | null;
}

/**
 * "波动较大" check over the whole series: does some year depart from what the other years lead one to
 * expect by more than chance allows? One rule per kind of series, each with a family-wise false-alarm
 * rate (docs/methodology.md, measured by `npm run eval:alerts`):
 * - counted series (options.counts covers every year): funnel-plot control limits from each year's own
 *   denominator (controlLimits), so materiality follows the data — one chair of five villages never
 *   flags, a 9 → 15 → 9 % swing among 200 chairs does;
 * - other series: the studentised deleted residual against the series' own scatter (residualLimits),
 *   which needs five years and detects only large shocks, but does not flag steady noise.
 * Shorter series are not judged. The indicator's constant year-on-year bound is reported against each
 * change; it decides nothing, since a constant cannot know how noisy a series of 5 or of 5,000 is.
 */
export function assessFluctuation(points: readonly YearValue[], options: FluctuationOptions = {}): FluctuationResult {
  const sorted = normalizeSeries(points);
  const bound = checkBound(options.bound);
  const counted = options.counts !== undefined && sorted.length > 0 && countsCoverEveryYear(sorted, options.counts);
  const limits = counted ? controlLimits(sorted, options.counts!) : null;
  const residual = counted ? null : residualLimits(sorted);
  const flagged = limits?.points.filter((p) => p.flagged) ?? residual?.points.filter((p) => p.flagged) ?? [];
  const latestYear = sorted.length > 0 ? sorted[sorted.length - 1].year : null;
  return {
    methodologyVersion: METHODOLOGY_VERSION,
    fluctuating: flagged.length > 0,
    rules: flagged.length === 0 ? [] : limits ? ['control_limits'] : ['residual_limits'],
    latestYearFlagged: flagged.some((p) => p.year === latestYear),
    swings: { bound, changes: yearOnYearSwings(sorted, bound) },
    controlLimits: limits,
    residualLimits: residual,
  };
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
