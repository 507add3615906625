import { replaceZero, valueGrowthRate } from './cagr';
import type { GoalOutcome } from './outcome';
import { statusFromRatio } from './outcome';
import type { TargetContext } from './numeric-target';
import { progressRatio } from './ratio';
import type { Direction, ProgressNote } from './types';

/**
 * 'about' and 'parity': achieved while the latest value is inside [lower, upper]. Outside, the goal
 * becomes the nearest band edge and the direction points from the latest value towards it, so the
 * usual ratio applies. A base on the far side of the band (the series crossed it) or inside it (the
 * series left it) gives a negative R: measured from where the value is now, it moved away.
 */
export function assessBand(lower: number, upper: number, ctx: TargetContext): GoalOutcome {
  const { base, current } = ctx;
  const band = { lower, upper };
  if (current.value >= lower && current.value <= upper) {
    // Nothing is required any more; the observed rate is still reported for the record.
    const b = replaceZero(base.value, ctx.epsilon);
    const observedCagr = valueGrowthRate(b.value, replaceZero(current.value, ctx.epsilon, Math.sign(b.value)).value, current.year - base.year);
    return {
      status: 'achieved',
      reason: 'within_band',
      notes: [],
      direction: null,
      targetValue: null,
      band,
      observedCagr,
      requiredCagr: null,
      directedCagr: null,
      ratio: null,
      projectionGoal: { kind: 'band', lower, upper },
    };
  }
  const below = current.value < lower;
  const direction: Direction = below ? 'higher' : 'lower';
  const edge = below ? lower : upper;
  const outcome = progressRatio(base, current, edge, ctx.targetYear, direction, ctx.epsilon);
  const notes: ProgressNote[] = [...outcome.notes];
  if (base.value >= lower && base.value <= upper) notes.push('base_met_target');
  else if (below ? base.value > upper : base.value < lower) notes.push('band_crossed');
  return {
    ...statusFromRatio(outcome, ctx.thresholds, current.year >= ctx.targetYear),
    notes,
    direction,
    targetValue: edge,
    band,
    observedCagr: outcome.observedCagr,
    requiredCagr: outcome.requiredCagr,
    directedCagr: outcome.directedCagr,
    ratio: outcome.ratio,
    projectionGoal: { kind: 'band', lower, upper },
  };
}
