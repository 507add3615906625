import type { IndicatorSpec, ProgressNote, YearValue } from './types';

export interface PlanWindow {
  /** The base point followed by every later point up to the target year, by year. */
  readonly points: readonly YearValue[];
  readonly baseSource: 'baseline' | 'series' | null;
  readonly notes: readonly ProgressNote[];
}

/**
 * Picks the points that count for progress: the base, then everything after it up to the target year.
 * Base = the spec's baselineValue at baseYear if given; else the series point at baseYear; else the
 * earliest point after baseYear (a series that starts late). Points before baseYear belong to an
 * earlier plan and are ignored; points after the target year are ignored because the plan is judged
 * at its target year. `transform` is applied to every value, the baseline included.
 */
export function planWindow(spec: IndicatorSpec, sorted: readonly YearValue[], transform: (v: number) => number): PlanWindow {
  const notes: ProgressNote[] = [];
  if (sorted.some((p) => p.year < spec.baseYear)) notes.push('points_before_base_year_ignored');
  if (sorted.some((p) => p.year > spec.targetYear)) notes.push('points_after_target_year_ignored');
  const inPlan = sorted.filter((p) => p.year >= spec.baseYear && p.year <= spec.targetYear);
  const mapped = (p: YearValue): YearValue => ({ year: p.year, value: transform(p.value) });

  if (spec.baselineValue !== undefined) {
    notes.push('baseline_from_spec');
    const seriesBase = inPlan.find((p) => p.year === spec.baseYear);
    if (seriesBase && seriesBase.value !== spec.baselineValue) notes.push('baseline_overrides_series_point');
    const later = inPlan.filter((p) => p.year > spec.baseYear).map(mapped);
    return { points: [{ year: spec.baseYear, value: transform(spec.baselineValue) }, ...later], baseSource: 'baseline', notes };
  }
  if (inPlan.length > 0 && inPlan[0].year > spec.baseYear) notes.push('base_after_base_year');
  return { points: inPlan.map(mapped), baseSource: inPlan.length > 0 ? 'series' : null, notes };
}
