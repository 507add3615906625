import { assessProgress } from './progress';
import { InvalidSpecError } from './errors';
import { normalizeSeries } from './series';
import type { IndicatorSpec, ProgressAssessment, YearValue } from './types';
import { METHODOLOGY_VERSION } from './version';

/**
 * Open SDG parity transform: max(f/m, m/f), 1 at parity and growing with inequality whichever sex is
 * ahead. Null when either value is ≤ 0 (no ratio exists).
 */
export function parityIndex(female: number, male: number): number | null {
  if (!(female > 0 && male > 0)) return null;
  return Math.max(female / male, male / female);
}

/** Distance of a share of women (in %, or any unit with `reference`) from parity at 50. */
export function shareParityDistance(share: number, reference = 50): number {
  return Math.abs(share - reference);
}

/** How a female/male pair becomes a gap: female − male, or the parity index (distance = index − 1). */
export type GapMeasure = 'difference' | 'parity_index';

export type GapTrend = 'narrowing' | 'widening' | 'stable' | 'insufficient_data';

/** A gap spec is an indicator spec whose comparator is fixed to gap_narrows. */
export type GapSpec = Omit<IndicatorSpec, 'comparator' | 'direction' | 'tolerance'> & {
  /** A change of the distance no larger than this reads as stable. Default 0. */
  readonly stableTolerance?: number;
};

export interface GapYear {
  readonly year: number;
  readonly female: number | null;
  readonly male: number | null;
  /** female − male, the parity index, or the supplied gap. */
  readonly gap: number;
  /** How far the gap is from no gap: |gap − reference|. */
  readonly distance: number;
}

export interface GapAssessment {
  readonly methodologyVersion: string;
  readonly measure: GapMeasure | 'supplied';
  readonly reference: number;
  readonly years: readonly GapYear[];
  /** Years present for only one sex, or where the parity index does not exist. */
  readonly unusableYears: readonly number[];
  /** Distance at the current year against the base (both from the plan window). */
  readonly trend: GapTrend;
  /** The gap is wider now than at the base, whatever the totals say. */
  readonly gapWidening: boolean;
  /** The last observed change widened the gap (early warning; not an alert by itself). */
  readonly widenedLastPeriod: boolean;
  /** The sign of the gap changed inside the plan window (e.g. women overtook men). */
  readonly signFlipped: boolean;
  readonly baseDistance: number | null;
  readonly currentDistance: number | null;
  /** currentDistance − baseDistance. */
  readonly distanceChange: number | null;
  /** The gap_narrows progress assessment of the distances. */
  readonly progress: ProgressAssessment;
}

/** Pairs female and male series by year and assesses their gap. */
export function assessGap(female: readonly YearValue[], male: readonly YearValue[], spec: GapSpec, measure: GapMeasure = 'difference'): GapAssessment {
  const f = normalizeSeries(female);
  const m = new Map(normalizeSeries(male).map((p) => [p.year, p.value]));
  const reference = measure === 'parity_index' ? 1 : (spec.referenceValue ?? 0);
  const years: GapYear[] = [];
  const unusable = new Set<number>([...m.keys()].filter((y) => !f.some((p) => p.year === y)));
  for (const p of f) {
    const mv = m.get(p.year);
    const gap = mv === undefined ? null : measure === 'parity_index' ? parityIndex(p.value, mv) : p.value - mv;
    if (gap === null) unusable.add(p.year);
    else years.push({ year: p.year, female: p.value, male: mv!, gap, distance: Math.abs(gap - reference) });
  }
  return summarise(years, [...unusable].sort((a, b) => a - b), { ...spec, referenceValue: reference }, measure);
}

/** Assesses a series that already holds gaps (e.g. published female − male percentage points). */
export function assessGapSeries(gaps: readonly YearValue[], spec: GapSpec): GapAssessment {
  const reference = spec.referenceValue ?? 0;
  const years = normalizeSeries(gaps).map((p) => ({ year: p.year, female: null, male: null, gap: p.value, distance: Math.abs(p.value - reference) }));
  return summarise(years, [], { ...spec, referenceValue: reference }, 'supplied');
}

function summarise(years: GapYear[], unusableYears: number[], spec: GapSpec & { referenceValue: number }, measure: GapAssessment['measure']): GapAssessment {
  const tolerance = spec.stableTolerance ?? 0;
  if (!(Number.isFinite(tolerance) && tolerance >= 0)) throw new InvalidSpecError('stableTolerance must be a finite number ≥ 0');
  const progress = assessProgress(gapNarrowsSpec(spec), years.map((y) => ({ year: y.year, value: y.gap })));
  const c = progress.components;
  const enough = progress.status !== 'insufficient_data' && c.baseValue !== null && c.currentValue !== null;
  const distanceChange = enough ? c.currentValue! - c.baseValue! : null;
  const trend: GapTrend =
    distanceChange === null ? 'insufficient_data' : distanceChange > tolerance ? 'widening' : distanceChange < -tolerance ? 'narrowing' : 'stable';
  const inWindow = enough ? years.filter((y) => y.year >= c.baseYear! && y.year <= c.currentYear!) : [];
  const last = inWindow.length >= 2 ? inWindow[inWindow.length - 1].distance - inWindow[inWindow.length - 2].distance : null;
  const signs = new Set(inWindow.map((y) => Math.sign(y.gap - spec.referenceValue)).filter((s) => s !== 0));
  return {
    methodologyVersion: METHODOLOGY_VERSION,
    measure,
    reference: spec.referenceValue,
    years,
    unusableYears,
    trend,
    gapWidening: trend === 'widening',
    widenedLastPeriod: last !== null && last > tolerance,
    signFlipped: signs.size > 1,
    baseDistance: enough ? c.baseValue : null,
    currentDistance: enough ? c.currentValue : null,
    distanceChange,
    progress,
  };
}

function gapNarrowsSpec(spec: GapSpec): IndicatorSpec {
  const { stableTolerance: _ignored, ...rest } = spec;
  return { ...rest, comparator: 'gap_narrows' };
}
