import { replaceZero } from './cagr';
import { directionSign } from './ratio';
import { recencyWeightedFit, valueAt } from './regression';
import type { Direction, Projection, ProjectionEstimate, TrendFit, YearValue } from './types';

/** What a projected value is measured against. */
export type ProjectionGoal =
  | { readonly kind: 'target'; readonly direction: Direction; readonly target: number }
  | { readonly kind: 'band'; readonly lower: number; readonly upper: number }
  | { readonly kind: 'none' };

/**
 * Projects the window (base first, sorted, ≥ 2 points) to the target year two ways, as the UNSD
 * progress chart and ESCAP do: by continuing the observed CAGR, and by a recency-weighted linear
 * trend. Each projection reports its shortfall against the goal and that shortfall relative to the
 * progress the plan required from the base.
 */
export function projectToTargetYear(window: readonly YearValue[], targetYear: number, goal: ProjectionGoal, epsilon: number): Projection {
  const base = window[0];
  const current = window[window.length - 1];
  const horizonYears = targetYear - current.year;
  const fit = recencyWeightedFit(window);
  const cagrValue = cagrProjection(base, current, horizonYears, epsilon);
  return {
    targetYear,
    horizonYears,
    cagr: cagrValue === null ? null : estimate(cagrValue, base.value, goal),
    trend: trendEstimate(fit, targetYear, base.value, goal),
  };
}

function trendEstimate(fit: TrendFit, targetYear: number, baseValue: number, goal: ProjectionGoal): ProjectionEstimate & { fit: TrendFit } {
  return { ...estimate(valueAt(fit, targetYear), baseValue, goal), fit };
}

/** current · (current/base)^(horizon/span): the observed compound rate kept up to the target year. */
function cagrProjection(base: YearValue, current: YearValue, horizonYears: number, epsilon: number): number | null {
  const b = replaceZero(base.value, epsilon).value;
  const c = replaceZero(current.value, epsilon, Math.sign(b)).value;
  if (Math.sign(b) !== Math.sign(c)) return null;
  return c * Math.pow(c / b, horizonYears / (current.year - base.year));
}

function estimate(value: number, baseValue: number, goal: ProjectionGoal): ProjectionEstimate {
  switch (goal.kind) {
    case 'none':
      return { value, shortfall: null, shortfallRatio: null, meetsGoal: null };
    case 'target': {
      const shortfall = directionSign(goal.direction) * (goal.target - value);
      const required = Math.abs(goal.target - baseValue);
      return { value, shortfall, shortfallRatio: required === 0 ? null : shortfall / required, meetsGoal: shortfall <= 0 };
    }
    case 'band': {
      const shortfall = outsideBand(value, goal.lower, goal.upper);
      const required = outsideBand(baseValue, goal.lower, goal.upper);
      return { value, shortfall, shortfallRatio: required === 0 ? null : shortfall / required, meetsGoal: shortfall === 0 };
    }
  }
}

/** Distance from a value to the nearest band edge; 0 inside the band. */
export function outsideBand(value: number, lower: number, upper: number): number {
  return Math.max(lower - value, value - upper, 0);
}
