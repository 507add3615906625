/** One yearly observation. Input arrays may be in any order; they are sorted by year internally. */
export interface YearValue {
  readonly year: number;
  readonly value: number;
}

/**
 * How the target is phrased in the plan.
 * - at_least / at_most: numeric threshold ("达到70%以上", "控制在10%以下").
 * - about: a band targetValue ± tolerance ("保持在50%左右").
 * - increase / decrease: direction only, no number ("逐步提高").
 * - gap_narrows: the values are gaps (e.g. female − male); their distance from referenceValue (default 0) must shrink.
 * - parity: towards a reference value such as 1.0 (parity index) or 50 (% women), within tolerance (default 0).
 * - coverage: towards full coverage; targetValue defaults to referenceValue, which defaults to 100.
 */
export type Comparator = 'at_least' | 'at_most' | 'about' | 'increase' | 'decrease' | 'gap_narrows' | 'parity' | 'coverage';

/** Which way is better. Always explicit in results; never defaulted silently. */
export type Direction = 'higher' | 'lower';

export interface RatioThresholds {
  /** R at or above this is on track. Default 0.95. */
  readonly onTrack: number;
  /** R at or above this (and below onTrack) needs acceleration. Default 0.60. */
  readonly accelerationNeeded: number;
  /** R at or above this (and below accelerationNeeded) is limited progress; below it, deteriorating. Default 0. */
  readonly limited: number;
}

export interface DirectionalThresholds {
  /** Direction-signed CAGR at or above this is on track ("good"). Default 0.015 (1.5 % a year). */
  readonly onTrack: number;
  /** At or above this is acceleration needed ("moderate"). Default 0.005. */
  readonly accelerationNeeded: number;
  /** At or above this is limited; below it, deteriorating. Default 0. */
  readonly limited: number;
}

export interface FluctuationBound {
  /** Largest acceptable year-on-year change as a fraction of the previous value (0.3 = 30 %). */
  readonly relative?: number;
  /** Largest acceptable year-on-year change in the indicator's unit. */
  readonly absolute?: number;
}

export interface IndicatorSpec {
  readonly comparator: Comparator;
  /** Optional for comparators that imply it; if given it must agree with the comparator. */
  readonly direction?: Direction;
  readonly targetValue?: number;
  readonly targetYear: number;
  readonly baseYear: number;
  /** Baseline published in the plan for baseYear; wins over a series point for the same year. */
  readonly baselineValue?: number;
  /** Half-width of the band for 'about' and 'parity'. */
  readonly tolerance?: number;
  /** Reference for 'parity' (required), 'coverage' (default 100) and 'gap_narrows' (default 0). */
  readonly referenceValue?: number;
  readonly fluctuationBound?: FluctuationBound;
  readonly unit: string;
  /** Replacement for a zero base, current or target value in CAGR. Default ZERO_EPSILON (0.001). */
  readonly zeroEpsilon?: number;
  readonly ratioThresholds?: Partial<RatioThresholds>;
  readonly directionalThresholds?: Partial<DirectionalThresholds>;
}

export type ProgressStatus =
  | 'achieved'
  | 'on_track'
  | 'acceleration_needed'
  | 'limited'
  | 'deteriorating'
  /** Fewer than two usable points in the plan window. */
  | 'insufficient_data'
  /** Enough points, but the ratio is mathematically undefined (base and current of opposite signs). */
  | 'undetermined'
  /** The point estimate lags, but the 95 % intervals of the values cannot rule out on-track (see uncertainty.ts). */
  | 'insufficient_evidence';

/** One machine-readable reason per result: why this status. */
export type ProgressReason =
  | 'target_met'
  | 'within_band'
  | 'ratio_threshold'
  | 'directional_threshold'
  | 'target_equals_base'
  | 'target_year_reached_not_met'
  | 'opposite_signs'
  | 'no_data_in_plan_period'
  | 'single_point'
  | 'target_within_interval'
  | 'on_track_within_interval';

/** Facts about how the result was reached that a reviewer should know. Sorted, unique. */
export type ProgressNote =
  | 'baseline_from_spec'
  | 'baseline_overrides_series_point'
  | 'base_after_base_year'
  | 'points_before_base_year_ignored'
  | 'points_after_target_year_ignored'
  | 'base_zero_replaced'
  | 'current_zero_replaced'
  | 'target_zero_replaced'
  | 'base_met_target'
  | 'band_crossed'
  | 'values_are_distances';

export type EvidenceLevel = 'weak' | 'moderate' | 'strong';

export interface Evidence {
  /** Points in the plan window, the base included. */
  readonly points: number;
  /** Current year − base year. */
  readonly spanYears: number;
  /** Weighted r² of the trend fit; null with fewer than 3 points or a flat series. */
  readonly r2: number | null;
  readonly level: EvidenceLevel;
}

export interface TrendFit {
  readonly slope: number;
  readonly intercept: number;
  readonly r2: number | null;
  /** The weight given to each year: year − firstYear + 1. */
  readonly weights: readonly YearValue[];
}

export interface ProjectionEstimate {
  /** Projected value in the target year. */
  readonly value: number;
  /** How far the projection falls short of the goal, in the indicator's unit; ≤ 0 means the goal is met. */
  readonly shortfall: number | null;
  /** shortfall ÷ the progress required from the base (|target − base|); null when nothing was required. */
  readonly shortfallRatio: number | null;
  readonly meetsGoal: boolean | null;
}

export interface Projection {
  readonly targetYear: number;
  /** Target year − current year (0 once the target year has data). */
  readonly horizonYears: number;
  /** Continue the observed CAGR. Null when the CAGR is undefined. */
  readonly cagr: ProjectionEstimate | null;
  /** Continue the recency-weighted least-squares line. */
  readonly trend: (ProjectionEstimate & { readonly fit: TrendFit }) | null;
}

/** How much one year's value scatters about the series' own straight-line trend (series-scatter.ts). */
export interface SeriesScatter {
  /** s = √(Σ residual² ÷ (n − 2)) about the least-squares line: the standard error of one year's value. */
  readonly standardError: number;
  /** n − 2. */
  readonly degreesOfFreedom: number;
  /** Two-sided Student t quantile at the 95 % level for those degrees of freedom. */
  readonly tQuantile: number;
  /** Reported values the line was fitted to (a published baseline is not one). */
  readonly points: number;
  /** The least-squares line: value = meanValue + slope · (year − meanYear); sxx = Σ (year − meanYear)². */
  readonly slope: number;
  readonly meanYear: number;
  readonly meanValue: number;
  readonly sxx: number;
}

/** How the values' sampling uncertainty bore on the status. */
export interface ProgressUncertainty {
  /**
   * Where the intervals come from: the counts behind the values (Wilson, exact Poisson), or, for a series
   * without counts, its own scatter about its least-squares trend (series-scatter.ts).
   */
  readonly source: 'counts' | 'series_scatter';
  /** The scatter estimate when source is series_scatter; null otherwise. */
  readonly scatter: SeriesScatter | null;
  /** 95 % interval of the current value; null when the current year has none. */
  readonly current: { readonly lower: number; readonly upper: number } | null;
  /** 95 % interval of the base value; null for a published baseline or a base year without one. */
  readonly base: { readonly lower: number; readonly upper: number } | null;
  /** The status the point estimates alone give. */
  readonly pointStatus: ProgressStatus;
  /** The goal (target or band edge) lies inside the current value's interval. */
  readonly goalWithinInterval: boolean;
  /** Direction-signed CAGR at the favourable 95 % limit of current ÷ base; null when not computed. */
  readonly favourableDirectedCagr: number | null;
  /** R at that limit; null without a required CAGR. */
  readonly favourableRatio: number | null;
}

export interface ProgressComponents {
  readonly comparator: Comparator;
  /** Direction used for this result: for bands it points from the current value towards the band. */
  readonly direction: Direction | null;
  readonly baseYear: number | null;
  readonly baseValue: number | null;
  readonly baseSource: 'baseline' | 'series' | null;
  readonly currentYear: number | null;
  readonly currentValue: number | null;
  readonly targetYear: number;
  /** The value the ratio aims at: the target, or the nearest band edge. Null for directional goals. */
  readonly targetValue: number | null;
  readonly band: { readonly lower: number; readonly upper: number } | null;
  /** CAGR of the values, sign-corrected so that a positive number means the value rose. */
  readonly observedCagr: number | null;
  readonly requiredCagr: number | null;
  /** observedCagr × direction sign: positive means movement the right way. */
  readonly directedCagr: number | null;
  /** R = directedCagr ÷ |requiredCagr|. */
  readonly ratio: number | null;
  /** Zero replacement actually used: spec.zeroEpsilon (default 0.001), or half the smallest non-zero |value| if smaller. */
  readonly epsilon: number;
  readonly thresholds: { readonly ratio: RatioThresholds; readonly directional: DirectionalThresholds };
  /** Null when no value in the window carries an interval (no counts, and too few points for a scatter). */
  readonly uncertainty: ProgressUncertainty | null;
}

export interface ProgressAssessment {
  readonly methodologyVersion: string;
  readonly status: ProgressStatus;
  readonly reason: ProgressReason;
  readonly notes: readonly ProgressNote[];
  readonly components: ProgressComponents;
  readonly projection: Projection | null;
  readonly evidence: Evidence;
}
