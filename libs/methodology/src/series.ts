import { InvalidSeriesError } from './errors';
import type { YearValue } from './types';

/**
 * Validates and sorts a yearly series. Duplicate years are rejected rather than resolved: "take the
 * last one" would make the result depend on input order, which this library promises never to do.
 * The caller (which knows revisions) must pick one value per year first.
 */
export function normalizeSeries(points: readonly YearValue[]): YearValue[] {
  const seen = new Set<number>();
  const duplicates = new Set<number>();
  for (const p of points) {
    if (!Number.isInteger(p.year)) throw new InvalidSeriesError(`year must be an integer, got ${p.year}`);
    if (!Number.isFinite(p.value)) throw new InvalidSeriesError(`value for ${p.year} must be a finite number`);
    if (seen.has(p.year)) duplicates.add(p.year);
    seen.add(p.year);
  }
  if (duplicates.size > 0) {
    const years = [...duplicates].sort((a, b) => a - b);
    throw new InvalidSeriesError(`duplicate years in series: ${years.join(', ')}`, years);
  }
  return points.map((p) => ({ year: p.year, value: p.value })).sort((a, b) => a.year - b.year);
}
