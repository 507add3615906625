import type { Bounds } from './intervals';
import type { GoalOutcome } from './outcome';
import { directionSign } from './ratio';
import type { DirectionalThresholds, ProgressReason, ProgressStatus, ProgressUncertainty, RatioThresholds, SeriesScatter, YearValue } from './types';

const WORRYING: ReadonlySet<ProgressStatus> = new Set(['acceleration_needed', 'limited', 'deteriorating']);

export interface UncertaintyInputs {
  readonly outcome: GoalOutcome;
  readonly base: YearValue;
  readonly current: YearValue;
  /** Null when the value has no interval (a published baseline, a value not computed from counts). */
  readonly baseBounds: Bounds | null;
  readonly currentBounds: Bounds | null;
  readonly atTargetYear: boolean;
  readonly epsilon: number;
  readonly thresholds: { readonly ratio: RatioThresholds; readonly directional: DirectionalThresholds };
  /** Set when the bounds come from the series' own scatter (a series without counts), not from counts. */
  readonly scatter?: SeriesScatter | null;
  /**
   * The progress since the base as the trend reads it (series without counts): the level it starts from
   * and the 95 % interval of the change to the current year. Replaces MOVER, whose two intervals would be
   * taken as independent when both ends come from the same line.
   */
  readonly progress?: { readonly start: number; readonly lower: number; readonly upper: number } | null;
}

export interface UncertaintyVerdict {
  /** Replaces the outcome's status and reason when set. */
  readonly override: { readonly status: 'insufficient_evidence'; readonly reason: ProgressReason } | null;
  readonly uncertainty: ProgressUncertainty;
}

/**
 * Whether a worrying status survives the sampling uncertainty of the values it rests on. The data
 * cannot tell on-track from lagging when either
 * (a) the goal lies inside the current value's 95 % interval (its favourable limit meets the target or
 *     reaches the band), or
 * (b) before the target year (for a directional goal, in it too), the most favourable progress the intervals allow grades on track: the
 *     favourable 95 % limit of current ÷ base (MOVER on the log scale, Zou & Donner 2008) turned into a
 *     CAGR gives R ≥ the on-track threshold (or, for directional goals, a directed CAGR ≥ its on-track rate).
 * Then the status is insufficient_evidence. Favourable verdicts (achieved, on track) are left as they
 * are: the benefit of the doubt goes to the district, and an alert must rest on a lag the data show.
 */
export function judgeUncertainty(inputs: UncertaintyInputs): UncertaintyVerdict {
  const { outcome, baseBounds, currentBounds } = inputs;
  const empty: ProgressUncertainty = {
    source: inputs.scatter ? 'series_scatter' : 'counts',
    scatter: inputs.scatter ?? null,
    current: currentBounds,
    base: baseBounds,
    pointStatus: outcome.status,
    goalWithinInterval: false,
    favourableDirectedCagr: null,
    favourableRatio: null,
  };
  if (!currentBounds || !WORRYING.has(outcome.status) || outcome.direction === null) return { override: null, uncertainty: empty };
  const sign = directionSign(outcome.direction);
  const favourableCurrent = sign > 0 ? currentBounds.upper : currentBounds.lower;
  const goal = outcome.targetValue;
  const goalWithinInterval = goal !== null && sign * (favourableCurrent - goal) >= 0;
  // In the target year a numeric goal is met or not (rule a); a directional goal's verdict is still the direction
  // of a change, which sampling can fake as well then as in any other year.
  const favourableDirectedCagr = inputs.atTargetYear && goal !== null ? null : favourableGrowth(inputs, sign);
  const favourableRatio =
    favourableDirectedCagr === null || outcome.requiredCagr === null || outcome.requiredCagr === 0
      ? null
      : favourableDirectedCagr / Math.abs(outcome.requiredCagr);
  const uncertainty: ProgressUncertainty = { ...empty, goalWithinInterval, favourableDirectedCagr, favourableRatio };
  if (goalWithinInterval) return { override: { status: 'insufficient_evidence', reason: 'target_within_interval' }, uncertainty };
  const couldBeOnTrack =
    goal === null
      ? favourableDirectedCagr !== null && favourableDirectedCagr >= inputs.thresholds.directional.onTrack
      : favourableRatio !== null && favourableRatio >= inputs.thresholds.ratio.onTrack;
  return { override: couldBeOnTrack ? { status: 'insufficient_evidence', reason: 'on_track_within_interval' } : null, uncertainty };
}

/**
 * Direction-signed CAGR at the favourable 95 % limit of current ÷ base. MOVER combines the two
 * intervals' relevant half-widths on the log scale: ln(c/b) ± √(ln(c⁺/c)² + ln(b/b⁻)²). A zero value or
 * limit is replaced by epsilon, as in the ratio itself. Null for non-positive values (no log scale).
 */
function favourableGrowth(inputs: UncertaintyInputs, sign: 1 | -1): number | null {
  const { base, current, baseBounds, currentBounds, epsilon, progress } = inputs;
  if (base.value < 0 || current.value < 0 || !currentBounds) return null;
  const ln = (v: number) => Math.log(Math.max(v, epsilon));
  let logRatio: number;
  if (progress) {
    if (progress.start < 0) return null;
    logRatio = ln(progress.start + (sign > 0 ? progress.upper : progress.lower)) - ln(progress.start);
  } else {
    const b = ln(base.value);
    const c = ln(current.value);
    const cEnd = ln(sign > 0 ? currentBounds.upper : currentBounds.lower);
    const bEnd = baseBounds ? ln(sign > 0 ? baseBounds.lower : baseBounds.upper) : b;
    const spread = Math.hypot(cEnd - c, b - bEnd);
    logRatio = c - b + sign * spread;
  }
  const years = current.year - base.year;
  const growth = Math.exp(logRatio / years) - 1;
  const directed = sign * growth;
  return directed === 0 ? 0 : directed;
}
