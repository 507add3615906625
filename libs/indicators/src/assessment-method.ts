import type { DeadlineRule, FluctuationBound, GapSpec, IndicatorSpec } from '@wdp/methodology';
import type { IndicatorDefinition } from './types';

// How a catalogue entry is put to the methodology (@wdp/methodology): the monitoring service and the tools
// that replay its judgement (demo data, alert evaluation) must ask the same question, so this is the one copy.

/** The indicator's year-on-year swing bound in the methodology's terms. */
export function fluctuationBoundOf(indicator: IndicatorDefinition): FluctuationBound {
  const { maxYearOnYearChange, mode } = indicator.fluctuation;
  return mode === 'absolute' ? { absolute: maxYearOnYearChange } : { relative: maxYearOnYearChange };
}

export interface SpecOptions {
  /** The plan's 2020 baseline applies to the headline series only; other sexes start from their data. */
  withBaseline: boolean;
  /** The reference value of a parity indicator in the current year, when known. */
  referenceValue?: number;
}

/**
 * The methodology's spec for one series of an indicator, or null when it cannot be assessed yet (a
 * parity indicator whose reference has no value). Mapping choices:
 * - coverage with a tolerance is met from target − tolerance (the catalogue's meaning), so the
 *   methodology sees that threshold as the target;
 * - parity with a preferred direction ("not below the members' share") is at_least / at_most the
 *   reference; without one it is a band of ± tolerance around it;
 * - gap_narrows indicators are assessed on their gap series (see assessGapSpec), not here.
 */
export function assessmentSpecOf(indicator: IndicatorDefinition, options: SpecOptions): IndicatorSpec | null {
  const common = {
    targetYear: indicator.targetYear,
    baseYear: indicator.baseline.year,
    unit: indicator.unit,
    fluctuationBound: fluctuationBoundOf(indicator),
    ...(options.withBaseline && indicator.baseline.value !== null ? { baselineValue: indicator.baseline.value } : {}),
  };
  const target = indicator.targetValue ?? undefined;
  switch (indicator.comparator) {
    case 'at_least':
    case 'at_most':
      return target === undefined ? null : { ...common, comparator: indicator.comparator, targetValue: target };
    case 'coverage':
      return { ...common, comparator: 'coverage', targetValue: (target ?? 100) - (indicator.tolerance ?? 0) };
    case 'about':
      return target === undefined ? null : { ...common, comparator: 'about', targetValue: target, tolerance: indicator.tolerance ?? 0 };
    case 'increase':
    case 'decrease':
      return { ...common, comparator: indicator.comparator };
    case 'parity': {
      const reference = options.referenceValue;
      if (reference === undefined) return null;
      if (indicator.direction === 'higher_is_better') return { ...common, comparator: 'at_least', targetValue: reference };
      if (indicator.direction === 'lower_is_better') return { ...common, comparator: 'at_most', targetValue: reference };
      return { ...common, comparator: 'parity', referenceValue: reference, tolerance: indicator.tolerance ?? 0 };
    }
    case 'gap_narrows':
      return null;
  }
}

/**
 * Width of "no change" in a gap, so noise does not read as a widening gap: 0.05 of the parity index (a
 * 5 % relative difference between women and men; rates from a few hundred records move that much by
 * chance), one point of a share's distance from 50 %. An explicit gap target (gap_narrows) is strict.
 */
export const GAP_STABLE_TOLERANCE = { parityIndex: 0.05, sharePoints: 1, explicitGap: 0 } as const;

/**
 * For gaps between values filed without counts (the trend test's only noise estimate is their own scatter):
 * the least change over the plan window that can be a widening — 1 % of parity on the log scale, a quarter
 * point of a share. Series on exact arithmetic steps have next to no scatter, and a drift of 0.0003 must not
 * read as significant; an explicit gap goal is judged without a floor.
 */
export const GAP_MINIMUM_CHANGE_WITHOUT_COUNTS = { logRatio: Math.log(1.01), sharePoints: 0.25 } as const;

export function gapSpecOf(indicator: IndicatorDefinition, stableTolerance: number, referenceValue?: number): GapSpec {
  return {
    targetYear: indicator.targetYear,
    baseYear: indicator.baseline.year,
    unit: indicator.unit,
    stableTolerance,
    ...(indicator.comparator === 'gap_narrows' && indicator.targetValue !== null ? { targetValue: indicator.targetValue } : {}),
    ...(referenceValue !== undefined ? { referenceValue } : {}),
  };
}

/**
 * "N days after the period ends" in the methodology's whole-month terms: a multiple of 30 days is the
 * end of the month that many months later (90 days after 31 December is 31 March); otherwise day N mod 30
 * of the following month (15 days after January is 15 February).
 */
export function deadlineRuleOf(indicator: IndicatorDefinition): DeadlineRule {
  const days = indicator.reporting.deadlineDaysAfterPeriodEnd;
  if (days % 30 === 0) return { monthsAfterPeriodEnd: days / 30 };
  return { monthsAfterPeriodEnd: Math.floor(days / 30) + 1, dayOfMonth: days % 30 };
}
