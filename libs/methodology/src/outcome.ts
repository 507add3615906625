import type { ProjectionGoal } from './projection';
import type { RatioOutcome } from './ratio';
import { gradeProgress } from './thresholds';
import type { Direction, ProgressNote, ProgressReason, ProgressStatus, RatioThresholds } from './types';

/** What one goal evaluator (numeric target, band, directional) decides, before projection and packaging. */
export interface GoalOutcome {
  readonly status: ProgressStatus;
  readonly reason: ProgressReason;
  readonly notes: readonly ProgressNote[];
  readonly direction: Direction | null;
  readonly targetValue: number | null;
  readonly band: { readonly lower: number; readonly upper: number } | null;
  readonly observedCagr: number | null;
  readonly requiredCagr: number | null;
  readonly directedCagr: number | null;
  readonly ratio: number | null;
  readonly projectionGoal: ProjectionGoal;
}

/**
 * Status from a progress ratio for a goal that is not yet met.
 * - No ratio because base and current (or target) have opposite signs → 'undetermined': there are
 *   enough data, the CAGR simply does not exist, and calling it "insufficient data" would send the
 *   monitoring team looking for missing returns that are not missing.
 * - Required CAGR of zero (the base already sat exactly on the target) → 'deteriorating': the goal was
 *   met at the base and is not met now, so the value moved the wrong way.
 * - Once the target year has data and the goal is still unmet, 'on_track' is impossible: the best
 *   status left is 'acceleration_needed'.
 */
export function statusFromRatio(
  outcome: RatioOutcome,
  thresholds: RatioThresholds,
  atTargetYear: boolean,
): { status: ProgressStatus; reason: ProgressReason } {
  if (outcome.blocked === 'opposite_signs') return { status: 'undetermined', reason: 'opposite_signs' };
  if (outcome.blocked === 'target_equals_base') return { status: 'deteriorating', reason: 'target_equals_base' };
  const graded = gradeProgress(outcome.ratio!, thresholds);
  if (!atTargetYear) return { status: graded, reason: 'ratio_threshold' };
  return { status: graded === 'on_track' ? 'acceleration_needed' : graded, reason: 'target_year_reached_not_met' };
}
