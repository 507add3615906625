/**
 * Periods are written one way everywhere: `YYYY` (year), `YYYY-Qn` (quarter), `YYYY-MM` (month).
 * A month rolls up to its quarter and year, a quarter to its year.
 */
export const PERIOD_GRANULARITIES = ['year', 'quarter', 'month'] as const;
export type PeriodGranularity = (typeof PERIOD_GRANULARITIES)[number];

export const PERIOD_FORMATS: Readonly<Record<PeriodGranularity, { pattern: string; example: string }>> = {
  year: { pattern: 'YYYY', example: '2025' },
  quarter: { pattern: 'YYYY-Qn', example: '2025-Q3' },
  month: { pattern: 'YYYY-MM', example: '2025-07' },
};

export interface Period {
  granularity: PeriodGranularity;
  year: number;
  /** 1-4, present for quarters and months. */
  quarter?: number;
  /** 1-12, present for months only. */
  month?: number;
}

const PERIOD_RE = /^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/;
const GRANULARITY_RANK: Readonly<Record<PeriodGranularity, number>> = { year: 0, quarter: 1, month: 2 };

/** Parses a period code; returns null when it is not one of the three forms. */
export function parsePeriod(code: string): Period | null {
  const match = PERIOD_RE.exec(code);
  if (!match) return null;
  const year = Number(match[1]);
  if (match[2]) return { granularity: 'quarter', year, quarter: Number(match[2]) };
  if (match[3]) {
    const month = Number(match[3]);
    return { granularity: 'month', year, quarter: Math.ceil(month / 3), month };
  }
  return { granularity: 'year', year };
}

export function isValidPeriod(code: unknown): code is string {
  return typeof code === 'string' && parsePeriod(code) !== null;
}

/** Parses or throws with the offending value, for boundaries that must reject bad input. */
export function requirePeriod(code: string): Period {
  const period = parsePeriod(code);
  if (!period) throw new RangeError(`invalid period '${code}': expected YYYY, YYYY-Qn or YYYY-MM`);
  return period;
}

export function periodGranularity(code: string): PeriodGranularity {
  return requirePeriod(code).granularity;
}

export function formatPeriod(period: Period): string {
  const year = String(period.year).padStart(4, '0');
  switch (period.granularity) {
    case 'year':
      return year;
    case 'quarter':
      return `${year}-Q${period.quarter}`;
    case 'month':
      return `${year}-${String(period.month).padStart(2, '0')}`;
  }
}

/**
 * The period of coarser (or equal) granularity that contains `code`: `rollUpPeriod('2025-08', 'quarter')`
 * is `'2025-Q3'`. Throws when asked to roll down, which would need a split rather than a roll-up.
 */
export function rollUpPeriod(code: string, to: PeriodGranularity): string {
  const period = requirePeriod(code);
  if (GRANULARITY_RANK[to] > GRANULARITY_RANK[period.granularity]) {
    throw new RangeError(`cannot roll ${period.granularity} '${code}' up to a finer ${to}`);
  }
  switch (to) {
    case 'year':
      return formatPeriod({ granularity: 'year', year: period.year });
    case 'quarter':
      return formatPeriod({ granularity: 'quarter', year: period.year, quarter: period.quarter });
    case 'month':
      return code;
  }
}

/** Every coarser period that contains `code`, finest first (a month gives its quarter then its year). */
export function enclosingPeriods(code: string): string[] {
  const { granularity } = requirePeriod(code);
  return PERIOD_GRANULARITIES.filter((g) => GRANULARITY_RANK[g] < GRANULARITY_RANK[granularity])
    .reverse()
    .map((g) => rollUpPeriod(code, g));
}

/** First and last calendar day (UTC dates, inclusive) of a period. */
export function periodRange(code: string): { start: Date; end: Date } {
  const period = requirePeriod(code);
  const [firstMonth, months] =
    period.granularity === 'year' ? [1, 12] : period.granularity === 'quarter' ? [(period.quarter! - 1) * 3 + 1, 3] : [period.month!, 1];
  const start = new Date(Date.UTC(period.year, firstMonth - 1, 1));
  const end = new Date(Date.UTC(period.year, firstMonth - 1 + months, 0));
  return { start, end };
}

/** The day a submission for `code` is due, `days` after the period's last day. */
export function periodDeadline(code: string, days: number): Date {
  const { end } = periodRange(code);
  return new Date(end.getTime() + days * 86_400_000);
}

/** Orders period codes chronologically; a coarser period sorts before its first sub-period. */
export function comparePeriods(a: string, b: string): number {
  const ra = periodRange(a).start.getTime();
  const rb = periodRange(b).start.getTime();
  if (ra !== rb) return ra - rb;
  return GRANULARITY_RANK[requirePeriod(a).granularity] - GRANULARITY_RANK[requirePeriod(b).granularity];
}
