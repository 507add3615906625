import { type IndicatorFormula, isInputRef } from '@wdp/indicators';
import type { YearlyValue } from './evaluate-formula';

/** The disclosure threshold k: counts below it are neither published alone nor a basis for a local warning. */
export const SMALL_COUNT = 5;

/**
 * True when some year of the series rests on fewer than k counted records — a rate from two deaths, or a
 * share of three infected mothers — so a swing is more likely chance than change. Returns and
 * observations are not counts and never small here.
 */
export function restsOnSmallCounts(formula: IndicatorFormula, values: readonly YearlyValue[], k = SMALL_COUNT): boolean {
  return values.some((v) => {
    if (formula.type === 'count') return v.value < k;
    if (formula.type !== 'ratio') return false;
    return (isInputRef(formula.numerator) && (v.numerator ?? 0) < k) || (isInputRef(formula.denominator) && (v.denominator ?? 0) < k);
  });
}
