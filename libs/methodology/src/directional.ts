import { replaceZero, valueGrowthRate } from './cagr';
import type { GoalOutcome } from './outcome';
import { directed } from './ratio';
import { gradeProgress } from './thresholds';
import type { Direction, DirectionalThresholds, ProgressNote, YearValue } from './types';

/**
 * 'increase' / 'decrease' (and gap_narrows without a number): no target, so the direction-signed
 * observed CAGR is graded directly against fixed yearly rates (sdg-build methodology 1 defaults:
 * 1.5 % on track, 0.5 % acceleration needed, 0 limited, below 0 deteriorating).
 */
export function assessDirectional(
  direction: Direction,
  base: YearValue,
  current: YearValue,
  epsilon: number,
  thresholds: DirectionalThresholds,
): GoalOutcome {
  const notes: ProgressNote[] = [];
  const b = replaceZero(base.value, epsilon);
  const c = replaceZero(current.value, epsilon, Math.sign(b.value));
  if (b.replaced) notes.push('base_zero_replaced');
  if (c.replaced) notes.push('current_zero_replaced');
  const observedCagr = valueGrowthRate(b.value, c.value, current.year - base.year);
  const directedCagr = observedCagr === null ? null : directed(observedCagr, direction);
  const graded =
    directedCagr === null
      ? { status: 'undetermined' as const, reason: 'opposite_signs' as const }
      : { status: gradeProgress(directedCagr, thresholds), reason: 'directional_threshold' as const };
  return {
    ...graded,
    notes,
    direction,
    targetValue: null,
    band: null,
    observedCagr,
    requiredCagr: null,
    directedCagr,
    ratio: null,
    projectionGoal: { kind: 'none' },
  };
}
