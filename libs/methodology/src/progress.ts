import { assessBand } from './band';
import { assessDirectional } from './directional';
import { effectiveEpsilon } from './cagr';
import { evidenceOf } from './evidence';
import { assessNumericTarget, type TargetContext } from './numeric-target';
import type { GoalOutcome } from './outcome';
import { projectToTargetYear } from './projection';
import { normalizeSeries } from './series';
import { epsilonOf, resolveGoal, type Goal } from './goal';
import { resolveDirectionalThresholds, resolveRatioThresholds } from './thresholds';
import type { Bounds, YearInterval } from './intervals';
import type { IndicatorSpec, ProgressAssessment, ProgressComponents, ProgressNote, SeriesScatter, YearValue } from './types';
import { seriesScatter, trendChange, trendLevel } from './series-scatter';
import { judgeUncertainty } from './uncertainty';
import { METHODOLOGY_VERSION } from './version';
import { planWindow } from './window';

export interface ProgressOptions {
  /**
   * 95 % intervals of the series' values by year (values computed from counts). A worrying status that
   * the intervals cannot separate from on-track becomes insufficient_evidence. Without them (a mean, a
   * score, a return's figure) the intervals come from the series' own scatter about its trend
   * (series-scatter.ts). Ignored for gap_narrows, whose values are turned into distances.
   */
  readonly intervals?: readonly YearInterval[];
}

/**
 * Assesses progress of one series (one indicator × area × sex) against its spec. Pure and
 * deterministic: the points may come in any order; duplicate years throw InvalidSeriesError and a
 * malformed spec throws InvalidSpecError. Nothing is rounded here.
 */
export function assessProgress(spec: IndicatorSpec, points: readonly YearValue[], options: ProgressOptions = {}): ProgressAssessment {
  const goal = resolveGoal(spec);
  const sorted = normalizeSeries(points);
  const thresholds = {
    ratio: resolveRatioThresholds(spec.ratioThresholds),
    directional: resolveDirectionalThresholds(spec.directionalThresholds),
  };
  const distanceFrom = goal.kind === 'band' ? null : goal.distanceFrom;
  const transform = distanceFrom === null ? (v: number) => v : (v: number) => Math.abs(v - distanceFrom);
  const window = planWindow(spec, sorted, transform);
  const windowNotes: ProgressNote[] = [...window.notes];
  if (distanceFrom !== null) windowNotes.push('values_are_distances');

  const goalValues = goal.kind === 'target' ? [goal.target] : goal.kind === 'band' ? [goal.lower, goal.upper] : [];
  const epsilon = effectiveEpsilon(epsilonOf(spec), [...window.points.map((p) => p.value), ...goalValues]);

  const base = window.points[0];
  const current = window.points[window.points.length - 1];
  const staticComponents = { comparator: spec.comparator, targetYear: spec.targetYear, epsilon, thresholds };

  if (window.points.length < 2) {
    return {
      methodologyVersion: METHODOLOGY_VERSION,
      status: 'insufficient_data',
      reason: window.points.length === 0 ? 'no_data_in_plan_period' : 'single_point',
      notes: sortNotes(windowNotes),
      components: {
        ...staticComponents,
        direction: goalDirection(goal),
        baseYear: base?.year ?? null,
        baseValue: base?.value ?? null,
        baseSource: window.baseSource,
        currentYear: current?.year ?? null,
        currentValue: current?.value ?? null,
        targetValue: goal.kind === 'target' ? goal.target : null,
        band: goal.kind === 'band' ? { lower: goal.lower, upper: goal.upper } : null,
        observedCagr: null,
        requiredCagr: null,
        directedCagr: null,
        ratio: null,
        uncertainty: null,
      },
      projection: null,
      evidence: evidenceOf(window.points.length, 0, null),
    };
  }

  const ctx: TargetContext = { base, current, targetYear: spec.targetYear, epsilon, thresholds: thresholds.ratio };
  const pointOutcome = evaluateGoal(goal, ctx, thresholds.directional);
  const atTargetYear = current.year >= spec.targetYear;
  // A published baseline is the plan's own figure, not a sample.
  const baselinePublished = window.baseSource === 'baseline';
  const scatter = distanceFrom === null && options.intervals === undefined ? scatterOfReported(sorted, base.year, current.year) : null;
  const bounds = distanceFrom === null ? boundsByYear(options.intervals) : new Map<number, Bounds>();
  const judged = scatter
    ? judgeUncertainty({
        outcome: pointOutcome,
        base,
        current,
        ...scatterBounds(scatter, base, current, baselinePublished),
        atTargetYear,
        epsilon,
        thresholds,
      })
    : bounds.size === 0
      ? null
      : judgeUncertainty({
          outcome: pointOutcome,
          base,
          current,
          baseBounds: baselinePublished ? null : (bounds.get(base.year) ?? null),
          currentBounds: bounds.get(current.year) ?? null,
          atTargetYear,
          epsilon,
          thresholds,
        });
  const outcome = judged?.override ? { ...pointOutcome, ...judged.override } : pointOutcome;
  const projection = projectToTargetYear(window.points, spec.targetYear, outcome.projectionGoal, epsilon);
  const components: ProgressComponents = {
    ...staticComponents,
    direction: outcome.direction,
    baseYear: base.year,
    baseValue: base.value,
    baseSource: window.baseSource,
    currentYear: current.year,
    currentValue: current.value,
    targetValue: outcome.targetValue,
    band: outcome.band,
    observedCagr: outcome.observedCagr,
    requiredCagr: outcome.requiredCagr,
    directedCagr: outcome.directedCagr,
    ratio: outcome.ratio,
    uncertainty: judged?.uncertainty ?? null,
  };
  return {
    methodologyVersion: METHODOLOGY_VERSION,
    status: outcome.status,
    reason: outcome.reason,
    notes: sortNotes([...windowNotes, ...outcome.notes]),
    components,
    projection,
    evidence: evidenceOf(window.points.length, current.year - base.year, projection.trend?.fit.r2 ?? null),
  };
}

function evaluateGoal(goal: Goal, ctx: TargetContext, directional: ReturnType<typeof resolveDirectionalThresholds>): GoalOutcome {
  switch (goal.kind) {
    case 'target':
      return assessNumericTarget(goal.target, goal.direction, ctx);
    case 'band':
      return assessBand(goal.lower, goal.upper, ctx);
    case 'directional':
      return assessDirectional(goal.direction, ctx.base, ctx.current, ctx.epsilon, directional);
  }
}

/**
 * The scatter of the values the series reported from the base year to the current one. A published
 * baseline is left out: it is the plan's figure, not a sample, and it would understate the scatter.
 */
function scatterOfReported(sorted: readonly YearValue[], baseYear: number, currentYear: number) {
  return seriesScatter(sorted.filter((p) => p.year >= baseYear && p.year <= currentYear));
}

/**
 * For a series without counts, everything is read from its trend line: the current level's interval,
 * and the progress since the base, from the published baseline to the current level, or else the
 * line's own change (slope · years), whose interval accounts for both ends at once.
 */
function scatterBounds(scatter: SeriesScatter, base: YearValue, current: YearValue, baselinePublished: boolean) {
  const level = trendLevel(scatter, current.year);
  const fittedBase = trendLevel(scatter, base.year);
  const change = baselinePublished
    ? { lower: level.lower - base.value, upper: level.upper - base.value }
    : trendChange(scatter, current.year - base.year);
  return {
    baseBounds: baselinePublished ? null : { lower: fittedBase.lower, upper: fittedBase.upper },
    currentBounds: { lower: level.lower, upper: level.upper },
    scatter,
    progress: { start: baselinePublished ? base.value : fittedBase.value, lower: change.lower, upper: change.upper },
  };
}

function boundsByYear(intervals: readonly YearInterval[] | undefined): Map<number, Bounds> {
  return new Map((intervals ?? []).map((i) => [i.year, { lower: i.lower, upper: i.upper }]));
}

function goalDirection(goal: Goal) {
  return goal.kind === 'band' ? null : goal.direction;
}

function sortNotes(notes: ProgressNote[]): ProgressNote[] {
  return [...new Set(notes)].sort();
}
