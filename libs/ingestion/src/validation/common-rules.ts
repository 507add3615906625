import { parsePeriod, periodRange } from '@wdp/contracts';

/** Today's date (UTC) as YYYY-MM-DD. The district is UTC+8; a day's grace keeps late-evening submissions valid. */
export function latestAcceptableDate(now: Date): string {
  return new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Earliest year accepted. The plan's baseline is 2020; ten years before it give trend context, and
 * anything older is far more likely a typing error (1920 for 2020) than data.
 */
export const EARLIEST_PERIOD_YEAR = 2010;

/** A reason when the period has not started yet (it may be the current, incomplete one) or is implausibly old. */
export function periodOutOfRangeProblem(period: string, now: Date): string | undefined {
  const parsed = parsePeriod(period);
  if (!parsed) return undefined;
  if (parsed.year < EARLIEST_PERIOD_YEAR) return `must not be before ${EARLIEST_PERIOD_YEAR}`;
  const start = periodRange(period).start.toISOString().slice(0, 10);
  return start > latestAcceptableDate(now) ? 'must not be in the future' : undefined;
}

export function futureDateProblem(date: string, now: Date): string | undefined {
  return date > latestAcceptableDate(now) ? 'must not be in the future' : undefined;
}

/** A reason when a YYYY-MM-DD date lies outside a period. */
export function dateOutsidePeriodProblem(date: string, period: string): string | undefined {
  if (!parsePeriod(period)) return undefined;
  const { start, end } = periodRange(period);
  const [s, e] = [start.toISOString().slice(0, 10), end.toISOString().slice(0, 10)];
  return date < s || date > e ? `must fall within the period ${period} (${s} to ${e})` : undefined;
}

export function numeratorDenominatorProblem(numerator: number | undefined, denominator: number | undefined): string | undefined {
  if (numerator === undefined || denominator === undefined) return undefined;
  if (denominator <= 0) return 'denominator must be greater than 0';
  return numerator > denominator ? 'numerator must not exceed denominator' : undefined;
}

/** Strict YYYY-MM-DD that is a real calendar day. */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The rules above that depend on the clock or the period, for one request. */
export interface DatedRules {
  periodOutOfRangeProblem(period: string): string | undefined;
  futureDateProblem(date: string): string | undefined;
  dateOutsidePeriodProblem(date: string, period: string): string | undefined;
  isCalendarDay(value: string): boolean;
}

/**
 * The dated rules judged against one clock reading. A batch of thousands names a handful of periods and
 * days, so each answer is kept for the request instead of being worked out again with dates and strings.
 */
export function datedRules(now: Date): DatedRules {
  const latest = latestAcceptableDate(now);
  const periodProblems = new Map<string, string | undefined>();
  const ranges = new Map<string, readonly [string, string] | null>();
  const days = new Map<string, boolean>();
  const rangeOf = (period: string) => {
    let range = ranges.get(period);
    if (range === undefined) {
      if (parsePeriod(period)) {
        const { start, end } = periodRange(period);
        range = [start.toISOString().slice(0, 10), end.toISOString().slice(0, 10)];
      } else range = null;
      ranges.set(period, range);
    }
    return range;
  };
  return {
    periodOutOfRangeProblem(period) {
      if (!periodProblems.has(period)) periodProblems.set(period, periodOutOfRangeProblem(period, now));
      return periodProblems.get(period);
    },
    futureDateProblem: (date) => (date > latest ? 'must not be in the future' : undefined),
    dateOutsidePeriodProblem(date, period) {
      const range = rangeOf(period);
      if (!range) return undefined;
      const [s, e] = range;
      return date < s || date > e ? `must fall within the period ${period} (${s} to ${e})` : undefined;
    },
    isCalendarDay(value) {
      let day = days.get(value);
      if (day === undefined) days.set(value, (day = isCalendarDay(value)));
      return day;
    },
  };
}
