import { replaceZero, valueGrowthRate } from './cagr';
import type { Direction, ProgressNote, YearValue } from './types';

export interface RatioOutcome {
  readonly observedCagr: number | null;
  readonly requiredCagr: number | null;
  readonly directedCagr: number | null;
  readonly ratio: number | null;
  /** Set when no ratio exists: opposite signs, or a target equal to the base (required CAGR 0). */
  readonly blocked: 'opposite_signs' | 'target_equals_base' | null;
  readonly notes: readonly ProgressNote[];
}

export function directionSign(direction: Direction): 1 | -1 {
  return direction === 'higher' ? 1 : -1;
}

/** value · direction sign, without producing −0 (which would make equal results compare unequal). */
export function directed(value: number, direction: Direction): number {
  const v = directionSign(direction) * value;
  return v === 0 ? 0 : v;
}

/**
 * R = (direction · observed CAGR) ÷ |required CAGR|, as in sdg-build's methodology 2, with
 * observed = CAGR(base → current) and required = CAGR(base → target over targetYear − baseYear).
 * Dividing by |required| keeps R's sign meaning "moving the right way" even when the base had
 * already met the target and then slipped (required then points the wrong way).
 */
export function progressRatio(
  base: YearValue,
  current: YearValue,
  target: number,
  targetYear: number,
  direction: Direction,
  epsilon: number,
): RatioOutcome {
  const notes: ProgressNote[] = [];
  const b = replaceZero(base.value, epsilon);
  const sign = Math.sign(b.value);
  const c = replaceZero(current.value, epsilon, sign);
  const t = replaceZero(target, epsilon, sign);
  if (b.replaced) notes.push('base_zero_replaced');
  if (c.replaced) notes.push('current_zero_replaced');
  if (t.replaced) notes.push('target_zero_replaced');

  const observedCagr = valueGrowthRate(b.value, c.value, current.year - base.year);
  const requiredCagr = valueGrowthRate(b.value, t.value, targetYear - base.year);
  const directedCagr = observedCagr === null ? null : directed(observedCagr, direction);
  if (observedCagr === null || requiredCagr === null) {
    return { observedCagr, requiredCagr, directedCagr, ratio: null, blocked: 'opposite_signs', notes };
  }
  if (requiredCagr === 0) return { observedCagr, requiredCagr, directedCagr, ratio: null, blocked: 'target_equals_base', notes };
  return { observedCagr, requiredCagr, directedCagr, ratio: directedCagr === 0 ? 0 : directedCagr! / Math.abs(requiredCagr), blocked: null, notes };
}
