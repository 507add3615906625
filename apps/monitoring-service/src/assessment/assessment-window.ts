import { DEFAULT_UTC_OFFSET_MINUTES } from '@wdp/methodology';
import type { SexOrTotal } from '@wdp/contracts';
import type { IndicatorDefinition } from '@wdp/indicators';
import type { YearlyValue } from '../evaluation/evaluate-formula';
import { type AreaAssessment, type AreaAssessmentOptions, type AssessedSex, assessArea } from './assess-area';

/** The latest calendar year that is over as of `now`, in China Standard Time. */
export function lastCompleteYear(now: Date, utcOffsetMinutes = DEFAULT_UTC_OFFSET_MINUTES): number {
  return new Date(now.getTime() + utcOffsetMinutes * 60_000).getUTCFullYear() - 1;
}

/**
 * The years an assessment rests on as of an evaluation year: the plan's window (baseline year to target year),
 * and nothing after `asOf` — an assessment of 2023 is not judged on 2024's data.
 */
export function yearsAsOf(values: readonly YearlyValue[], indicator: IndicatorDefinition, asOf: number): YearlyValue[] {
  const to = Math.min(indicator.targetYear, asOf);
  return values.filter((v) => v.year >= indicator.baseline.year && v.year <= to);
}

/**
 * The years the stored assessment rests on: only years that are over. The current year is still arriving — a
 * count or rate over its first months is not a yearly value, and reading it as one would show a plunge (a
 * "fluctuation") every January. Its values are stored and published; they are assessed once the year is over.
 */
export function assessedYears(values: readonly YearlyValue[], indicator: IndicatorDefinition, now: Date): YearlyValue[] {
  return yearsAsOf(values, indicator, lastCompleteYear(now));
}

export interface AsOfOptions {
  policy?: AreaAssessmentOptions['policy'];
  /** The series whose warnings are held back, decided on the years the assessment rests on. */
  smallNumbers?: (assessed: ReadonlyMap<SexOrTotal, readonly YearlyValue[]>) => ReadonlySet<AssessedSex>;
}

/**
 * Assesses one indicator × area as of an evaluation year: the series cut to the plan's window up to `asOf`,
 * then assessArea. The stored assessment is this as of the last complete year; an assessment under another
 * plan's target is this with that target (assess-plan-target.ts). Pure: no clock, so the same values and the
 * same `asOf` give the same result.
 */
export function assessAsOf(
  indicator: IndicatorDefinition,
  series: ReadonlyMap<SexOrTotal, readonly YearlyValue[]>,
  reference: readonly YearlyValue[] | null,
  asOf: number,
  options: AsOfOptions = {},
): AreaAssessment {
  const assessed = new Map([...series].map(([sex, ys]) => [sex, yearsAsOf(ys, indicator, asOf)]));
  return assessArea(indicator, assessed, reference && yearsAsOf(reference, indicator, asOf), {
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.smallNumbers ? { smallNumbers: options.smallNumbers(assessed) } : {}),
  });
}
