export type Frequency = 'annual' | 'quarterly' | 'monthly';

/** A reporting period: `index` is 1 for a year, 1–4 for a quarter, 1–12 for a month. */
export interface Period {
  readonly frequency: Frequency;
  readonly year: number;
  readonly index: number;
}

const PER_YEAR: Record<Frequency, number> = { annual: 1, quarterly: 4, monthly: 12 };

export function period(frequency: Frequency, year: number, index = 1): Period {
  if (!Number.isInteger(year) || !Number.isInteger(index) || index < 1 || index > PER_YEAR[frequency]) {
    throw new RangeError(`invalid ${frequency} period ${year}/${index}`);
  }
  return { frequency, year, index };
}

/** '2024', '2024-Q3' or '2024-07'. */
export function formatPeriod(p: Period): string {
  if (p.frequency === 'annual') return String(p.year);
  if (p.frequency === 'quarterly') return `${p.year}-Q${p.index}`;
  return `${p.year}-${String(p.index).padStart(2, '0')}`;
}

const PATTERNS: Record<Frequency, RegExp> = { annual: /^(\d{4})$/, quarterly: /^(\d{4})-Q([1-4])$/, monthly: /^(\d{4})-(\d{2})$/ };

export function parsePeriod(frequency: Frequency, key: string): Period {
  const match = PATTERNS[frequency].exec(key);
  if (!match) throw new RangeError(`'${key}' is not a ${frequency} period`);
  return period(frequency, Number(match[1]), match[2] === undefined ? 1 : Number(match[2]));
}

/** Periods since year 0; lets periods be compared and stepped with plain integers. */
export function ordinal(p: Period): number {
  return p.year * PER_YEAR[p.frequency] + (p.index - 1);
}

export function fromOrdinal(frequency: Frequency, n: number): Period {
  const per = PER_YEAR[frequency];
  return { frequency, year: Math.floor(n / per), index: (n % per) + 1 };
}

/** 1-based calendar month in which the period ends. */
export function endMonth(p: Period): number {
  return (p.index * 12) / PER_YEAR[p.frequency];
}

/** The period that contains a calendar month. */
export function periodContaining(frequency: Frequency, year: number, month: number): Period {
  return { frequency, year, index: Math.ceil((month * PER_YEAR[frequency]) / 12) };
}
