export { METHODOLOGY_VERSION } from './version';
export { InvalidSeriesError, InvalidSpecError } from './errors';
export type * from './types';
export { ZERO_EPSILON, cagr, valueGrowthRate, replaceZero } from './cagr';
export { DEFAULT_DIRECTIONAL_THRESHOLDS, DEFAULT_RATIO_THRESHOLDS, gradeProgress } from './thresholds';
export { EVIDENCE_RULES, evidenceOf, evidenceAtLeast } from './evidence';
export { normalizeSeries } from './series';
export { resolveGoal, type Goal } from './goal';
export { recencyWeightedFit, theilSenLine, valueAt } from './regression';
export { projectToTargetYear, outsideBand, type ProjectionGoal } from './projection';
export { assessProgress, type ProgressOptions } from './progress';
export { judgeUncertainty, type UncertaintyInputs, type UncertaintyVerdict } from './uncertainty';
export { MIN_POINTS_FOR_SCATTER, seriesScatter, trendChange, trendLevel } from './series-scatter';
export {
  assessFluctuation,
  yearOnYearSwings,
  type FluctuationOptions,
  type FluctuationResult,
  type FluctuationRule,
  type Swing,
  type SwingLimit,
} from './fluctuation';
export { MIN_POINTS_FOR_RESIDUAL_LIMITS, RESIDUAL_FAMILY_WISE_ALPHA, residualLimits, type ResidualLimitComponents, type ResidualLimitPoint } from './residual-limits';
export {
  assessGap,
  assessGapSeries,
  parityIndex,
  shareParityDistance,
  type GapAssessment,
  type GapMeasure,
  type GapSpec,
  type GapTrend,
  type GapYear,
} from './gap';
export { formatPeriod, parsePeriod, period, type Frequency, type Period } from './periods';
export {
  checkSubmission,
  deadlineOf,
  DEFAULT_UTC_OFFSET_MINUTES,
  type DeadlineRule,
  type MissingPeriod,
  type SubmissionCheck,
  type SubmissionInput,
} from './missing-data';
export { ALERT_KINDS, alertKindsFor, alertTransitionsFor, type AlertInputs, type AlertKind, type AlertPolicy, type AlertTransitions } from './alerts';
export { assessIndicator, type IndicatorAssessment } from './assess';
export {
  CONFIDENCE_LEVEL,
  countKindOf,
  countedValueInterval,
  intervalsOf,
  katzRatioInterval,
  newcombeDifferenceInterval,
  parityIndexBounds,
  poissonExactInterval,
  poissonRatioInterval,
  wilsonInterval,
  zFor,
  type Bounds,
  type CountBasis,
  type CountKind,
  type Interval,
  type IntervalMethod,
  type YearCount,
  type YearInterval,
} from './intervals';
export {
  controlLimits,
  countsCoverEveryYear,
  winsorisedMeanSquare,
  EXACT_BELOW,
  MIN_POINTS_FOR_LIMITS,
  FAMILY_WISE_ALPHA,
  MIN_POINTS_FOR_OVERDISPERSION,
  OVERDISPERSION_CONSISTENCY,
  type ControlLimitComponents,
  type ControlLimitPoint,
} from './control-limits';
export { GAP_TREND_ALPHA, gapTrendTest, type GapScale, type GapTrendOptions, type GapTrendTest, type GapTrendYear } from './gap-trend';
