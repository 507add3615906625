import type { GoalOutcome } from './outcome';
import { statusFromRatio } from './outcome';
import { directionSign, progressRatio } from './ratio';
import type { Direction, ProgressNote, RatioThresholds, YearValue } from './types';

export interface TargetContext {
  readonly base: YearValue;
  readonly current: YearValue;
  readonly targetYear: number;
  readonly epsilon: number;
  readonly thresholds: RatioThresholds;
}

/** at_least / at_most / coverage / gap_narrows with a target: achieved, else graded by R. */
export function assessNumericTarget(target: number, direction: Direction, ctx: TargetContext): GoalOutcome {
  const { base, current } = ctx;
  const sign = directionSign(direction);
  const outcome = progressRatio(base, current, target, ctx.targetYear, direction, ctx.epsilon);
  const achieved = sign * (current.value - target) >= 0;
  const notes: ProgressNote[] = [...outcome.notes];
  if (!achieved && sign * (base.value - target) >= 0) notes.push('base_met_target');
  const graded = achieved
    ? { status: 'achieved' as const, reason: 'target_met' as const }
    : statusFromRatio(outcome, ctx.thresholds, current.year >= ctx.targetYear);
  return {
    ...graded,
    notes,
    direction,
    targetValue: target,
    band: null,
    observedCagr: outcome.observedCagr,
    requiredCagr: outcome.requiredCagr,
    directedCagr: outcome.directedCagr,
    ratio: outcome.ratio,
    projectionGoal: { kind: 'target', direction, target },
  };
}
