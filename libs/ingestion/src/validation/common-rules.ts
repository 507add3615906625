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
