/**
 * Five-year age bands, the finest age any event carries (an exact age or birth date would be a
 * personal identifier). The open top band `85+` matches census publication practice.
 */
export const AGE_BANDS = [
  '0-4', '5-9', '10-14', '15-19', '20-24', '25-29', '30-34', '35-39', '40-44',
  '45-49', '50-54', '55-59', '60-64', '65-69', '70-74', '75-79', '80-84', '85+',
] as const;

export type AgeBand = (typeof AGE_BANDS)[number];

const BAND_WIDTH = 5;
const OPEN_BAND_START = 85;

export function isAgeBand(value: unknown): value is AgeBand {
  return typeof value === 'string' && (AGE_BANDS as readonly string[]).includes(value);
}

/** The band holding a completed age in years. Throws on negative, fractional or non-finite input. */
export function ageBandOf(age: number): AgeBand {
  if (!Number.isInteger(age) || age < 0) {
    throw new RangeError(`age must be a non-negative integer, got ${age}`);
  }
  return AGE_BANDS[Math.min(Math.floor(age / BAND_WIDTH), AGE_BANDS.length - 1)];
}

/** Inclusive lower and upper age of a band; the open band has `upper: null`. */
export function ageBandBounds(band: AgeBand): { lower: number; upper: number | null } {
  if (band === '85+') return { lower: OPEN_BAND_START, upper: null };
  const [lower, upper] = band.split('-').map(Number);
  return { lower, upper };
}

/**
 * The bands that exactly cover ages `from`..`to` inclusive (e.g. 35..64 for cervical screening).
 * `to` may be null for "and over". Throws if the range does not fall on band boundaries, because a
 * partial band would silently change a denominator.
 */
export function ageBandsBetween(from: number, to: number | null): AgeBand[] {
  const bands = AGE_BANDS.filter((band) => {
    const { lower, upper } = ageBandBounds(band);
    return lower >= from && (to === null || (upper !== null && upper <= to));
  });
  const first = bands[0];
  const last = bands[bands.length - 1];
  const coversFrom = first !== undefined && ageBandBounds(first).lower === from;
  const coversTo = last !== undefined && (to === null ? ageBandBounds(last).upper === null : ageBandBounds(last).upper === to);
  if (!coversFrom || !coversTo) {
    throw new RangeError(`ages ${from}-${to ?? ''} do not fall on five-year band boundaries`);
  }
  return bands;
}
