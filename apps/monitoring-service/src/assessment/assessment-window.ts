import { DEFAULT_UTC_OFFSET_MINUTES } from '@wdp/methodology';
import type { IndicatorDefinition } from '@wdp/indicators';
import type { YearlyValue } from '../evaluation/evaluate-formula';

/** The latest calendar year that is over as of `now`, in China Standard Time. */
export function lastCompleteYear(now: Date, utcOffsetMinutes = DEFAULT_UTC_OFFSET_MINUTES): number {
  return new Date(now.getTime() + utcOffsetMinutes * 60_000).getUTCFullYear() - 1;
}

/**
 * The years an assessment rests on: the plan's window (baseline year to target year), and only years that
 * are over. The current year is still arriving — a count or rate over its first months is not a yearly
 * value, and reading it as one would show a plunge (a "fluctuation") every January. Its values are stored
 * and published; they are assessed once the year is over.
 */
export function assessedYears(values: readonly YearlyValue[], indicator: IndicatorDefinition, now: Date): YearlyValue[] {
  const to = Math.min(indicator.targetYear, lastCompleteYear(now));
  return values.filter((v) => v.year >= indicator.baseline.year && v.year <= to);
}
