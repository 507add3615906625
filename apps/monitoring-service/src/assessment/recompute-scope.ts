import type { AreaIndex } from '@wdp/contracts';
import { type IndicatorDefinition, type InputRef, isInputRef } from '@wdp/indicators';
import { formulasOf } from '../indicator-store/catalogue-index';
import { inputKeyOf } from '../indicator-store/input-key';
import type { IndicatorArea } from './assessment.repository';

/**
 * An indicator × area pair whose data changed from `fromYear` on. null: not known, so every year. Older
 * years' values cannot have changed: a year's value reads that year (and a numerator window before it).
 */
export interface TouchedPair extends IndicatorArea {
  fromYear: number | null;
}

/** What to recompute: a pair, from the year its data changed (absent or null: every year). */
export type RecomputePair = IndicatorArea & { fromYear?: number | null };

/** The earlier of two change years; null (every year) wins. */
export function earlierYear(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : Math.min(a, b);
}

/** One entry per pair, from the earliest year any of its entries changed. */
export function coalescePairs(pairs: readonly TouchedPair[]): TouchedPair[] {
  const out = new Map<string, TouchedPair>();
  for (const p of pairs) {
    const key = `${p.indicatorCode}\u0000${p.areaCode}`;
    const seen = out.get(key);
    out.set(key, { indicatorCode: p.indicatorCode, areaCode: p.areaCode, fromYear: seen ? earlierYear(seen.fromYear, p.fromYear) : p.fromYear });
  }
  return [...out.values()];
}

/**
 * The first year whose values a recompute must rewrite: the year the data changed, or the baseline year
 * if that is earlier — the assessment reads every year from the baseline (assessment-window.ts), so
 * those are evaluated again even when unchanged. null: every year.
 */
export function recomputeFrom(indicator: IndicatorDefinition, changedFrom: number | null | undefined): number | null {
  if (changedFrom === null || changedFrom === undefined) return null;
  return Math.min(changedFrom, indicator.baseline.year);
}

/** The first year of data the values from `from` on read: a numerator window reaches back before it. */
export function dataFrom(indicator: IndicatorDefinition, from: number): number {
  const windows = formulasOf(indicator).map((f) => (f.type === 'ratio' ? (f.numeratorWindowYears ?? 1) : 1));
  return from - (Math.max(...windows) - 1);
}

export interface BoundedGroup {
  /** The first year whose values are rewritten. */
  from: number;
  /** The first year of data read. */
  since: number;
  pairs: TouchedPair[];
}

/**
 * Pairs recomputed from a year on (not every year), grouped so that each group's data is read once and
 * from no earlier than its pairs need: a five-year screening window must not make every other
 * indicator read five years of history as well.
 */
export function boundedGroups(pairs: readonly TouchedPair[], indicatorOf: (code: string) => IndicatorDefinition): BoundedGroup[] {
  const groups = new Map<string, BoundedGroup>();
  for (const pair of pairs) {
    if (pair.fromYear === null) continue;
    const since = dataFrom(indicatorOf(pair.indicatorCode), pair.fromYear);
    const key = `${pair.fromYear}/${since}`;
    const group = groups.get(key) ?? { from: pair.fromYear, since, pairs: [] };
    group.pairs.push(pair);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * Record numerators whose "has this source ever reported" decides whether a year without records is a
 * zero or no value (evaluate-formula.ts): a ratio's record numerator of another record kind than its
 * denominator. Whether it ever reported depends on every year, not only the recomputed ones.
 */
export function activityNumerators(indicator: IndicatorDefinition): InputRef[] {
  return formulasOf(indicator).flatMap((f) => {
    if (f.type !== 'ratio' || !isInputRef(f.numerator)) return [];
    const den = f.denominator;
    if (isInputRef(den) && den.department === f.numerator.department && den.recordKind === f.numerator.recordKind) return [];
    return [f.numerator];
  });
}

/** `inputKey \0 areaCode`, the key of one fact series. */
export const seriesKey = (inputKey: string, areaCode: string): string => `${inputKey}\u0000${areaCode}`;

/**
 * For each activity numerator of the indicator evaluated in `areaCode`, the fact series whose facts make
 * it "reported": its own area's, or those of the areas a distinct-area count looks into.
 */
export function activitySeries(indicator: IndicatorDefinition, areaCode: string, areas: AreaIndex): string[][] {
  return activityNumerators(indicator).map((ref) => {
    const key = inputKeyOf(ref);
    const codes = ref.distinctAreas ? areas.areas.filter((a) => a.level === ref.distinctAreas && areas.isWithin(a.code, areaCode)).map((a) => a.code) : [areaCode];
    return codes.map((code) => seriesKey(key, code));
  });
}

/**
 * Whether a pair recomputed from `from` on must be recomputed over every year after all: one of its
 * activity numerators has no facts before `from` but has rows from it on, so it may have started (or, a
 * snapshot zeroed, stopped) reporting with this change — which turns the older years without records
 * into zeros (or back into no value). Facts before `from` did not change, so with any of them the
 * numerator reported before and after.
 */
export function needsEveryYear(series: readonly (readonly string[])[], reportedBefore: ReadonlySet<string>, rowsFrom: ReadonlySet<string>): boolean {
  return series.some((keys) => !keys.some((k) => reportedBefore.has(k)) && keys.some((k) => rowsFrom.has(k)));
}
