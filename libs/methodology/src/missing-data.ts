import { endMonth, formatPeriod, fromOrdinal, ordinal, parsePeriod, periodContaining, type Frequency, type Period } from './periods';
import { METHODOLOGY_VERSION } from './version';

/** China Standard Time, UTC+8, no daylight saving. */
export const DEFAULT_UTC_OFFSET_MINUTES = 480;

/**
 * When a period's data are due: the end of day `dayOfMonth` (default: the last day) of the month that
 * lies `monthsAfterPeriodEnd` months after the period's last month, in local time.
 * "Annual data by March 31 of the following year" = { monthsAfterPeriodEnd: 3 }.
 */
export interface DeadlineRule {
  readonly monthsAfterPeriodEnd: number;
  /** Clamped to the month's length (31 in April means April 30). */
  readonly dayOfMonth?: number;
  readonly utcOffsetMinutes?: number;
}

export interface SubmissionInput {
  readonly frequency: Frequency;
  readonly deadline: DeadlineRule;
  /** Latest period received ('2024', '2024-Q3', '2024-07'); null if nothing has arrived yet. */
  readonly lastReceived: string | null;
  /** First period ever expected; needed when lastReceived is null. */
  readonly firstExpected?: string;
  readonly now: Date;
}

export interface MissingPeriod {
  readonly period: string;
  /** The deadline instant (ISO, UTC) after which the period counts as missing. */
  readonly dueBy: string;
}

export interface SubmissionCheck {
  readonly methodologyVersion: string;
  readonly overdue: boolean;
  /** The latest period whose deadline has passed as of now. */
  readonly latestDuePeriod: string;
  /** Every period after lastReceived whose deadline has passed, oldest first. */
  readonly missing: readonly MissingPeriod[];
  /** Whole days since the oldest missing period's deadline; 0 when none is missing. */
  readonly daysOverdue: number;
  /** The next period to fall due, and when. */
  readonly nextDue: MissingPeriod;
}

const DAY_MS = 86_400_000;

/** The instant a period's submission becomes overdue (the end of the due day, local time). */
export function deadlineOf(p: Period, rule: DeadlineRule): Date {
  checkRule(rule);
  const offset = rule.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES;
  const monthIndex = endMonth(p) - 1 + rule.monthsAfterPeriodEnd; // 0-based, may exceed 11
  const year = p.year + Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(rule.dayOfMonth ?? daysInMonth, daysInMonth);
  return new Date(Date.UTC(year, month, day + 1) - offset * 60_000);
}

/**
 * Says whether a reporting unit is late: which periods are missing as of `now`, and since when.
 * Pure: "now" is an argument, never the clock.
 */
export function checkSubmission(input: SubmissionInput): SubmissionCheck {
  const { frequency, deadline, now } = input;
  if (Number.isNaN(now.getTime())) throw new RangeError('now must be a valid date');
  checkRule(deadline);
  const offset = deadline.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES;
  const local = new Date(now.getTime() + offset * 60_000);
  // Walk back from the period containing "now" to the latest one whose deadline has passed.
  let n = ordinal(periodContaining(frequency, local.getUTCFullYear(), local.getUTCMonth() + 1));
  while (deadlineOf(fromOrdinal(frequency, n), deadline) > now) n--;
  const latestDue = n;

  let first: number;
  if (input.lastReceived !== null) first = ordinal(parsePeriod(frequency, input.lastReceived)) + 1;
  else if (input.firstExpected !== undefined) first = ordinal(parsePeriod(frequency, input.firstExpected));
  else throw new RangeError('firstExpected is required when nothing has been received');

  const describe = (k: number): MissingPeriod => {
    const p = fromOrdinal(frequency, k);
    return { period: formatPeriod(p), dueBy: deadlineOf(p, deadline).toISOString() };
  };
  const missing: MissingPeriod[] = [];
  for (let k = first; k <= latestDue; k++) missing.push(describe(k));
  const oldestDeadline = missing.length > 0 ? deadlineOf(fromOrdinal(frequency, first), deadline) : null;
  return {
    methodologyVersion: METHODOLOGY_VERSION,
    overdue: missing.length > 0,
    latestDuePeriod: formatPeriod(fromOrdinal(frequency, latestDue)),
    missing,
    daysOverdue: oldestDeadline === null ? 0 : Math.floor((now.getTime() - oldestDeadline.getTime()) / DAY_MS),
    nextDue: describe(latestDue + 1),
  };
}

function checkRule(rule: DeadlineRule): void {
  if (!Number.isInteger(rule.monthsAfterPeriodEnd) || rule.monthsAfterPeriodEnd < 0) throw new RangeError('monthsAfterPeriodEnd must be an integer ≥ 0');
  if (rule.dayOfMonth !== undefined && !(Number.isInteger(rule.dayOfMonth) && rule.dayOfMonth >= 1 && rule.dayOfMonth <= 31)) {
    throw new RangeError('dayOfMonth must be an integer 1–31');
  }
  if (rule.utcOffsetMinutes !== undefined && !Number.isInteger(rule.utcOffsetMinutes)) throw new RangeError('utcOffsetMinutes must be an integer');
}
