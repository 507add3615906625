import { assessFluctuation, type FluctuationOptions, type FluctuationResult } from './fluctuation';
import { assessGapSeries, type GapAssessment } from './gap';
import { intervalsOf } from './intervals';
import { assessProgress } from './progress';
import type { IndicatorSpec, ProgressAssessment, YearValue } from './types';
import { METHODOLOGY_VERSION } from './version';

export interface IndicatorAssessment {
  readonly methodologyVersion: string;
  readonly progress: ProgressAssessment;
  readonly fluctuation: FluctuationResult;
  /** Only for gap_narrows, whose values are gaps. For female/male series use assessGap. */
  readonly gap: GapAssessment | null;
}

/**
 * Everything the monitoring service needs for one series: progress, fluctuation and, for gaps, the gap
 * trend. With `counts` (the numerators and denominators behind the values) progress respects the
 * values' 95 % intervals and fluctuation is judged by control limits.
 */
export function assessIndicator(
  spec: IndicatorSpec,
  points: readonly YearValue[],
  fluctuation: Omit<FluctuationOptions, 'bound'> = {},
): IndicatorAssessment {
  const { comparator: _c, direction: _d, tolerance: _t, ...gapSpec } = spec;
  return {
    methodologyVersion: METHODOLOGY_VERSION,
    progress: assessProgress(spec, points, fluctuation.counts ? { intervals: intervalsOf(fluctuation.counts) } : {}),
    fluctuation: assessFluctuation(points, { ...fluctuation, bound: spec.fluctuationBound }),
    gap: spec.comparator === 'gap_narrows' ? assessGapSeries(points, gapSpec) : null,
  };
}
