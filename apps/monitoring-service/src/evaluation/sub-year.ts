import { parsePeriod } from '@wdp/contracts';
import type { FactRow } from '../facts/fact.repository';
import type { ObservationFigure } from '../facts/observation.repository';

/** The months a quarter or month covers ('2024-Q2' → 2024-04..06). */
export function monthsOf(period: string): string[] {
  const p = parsePeriod(period);
  if (!p || p.granularity === 'year') throw new RangeError(`not a quarter or month: ${period}`);
  const first = p.granularity === 'quarter' ? (p.quarter! - 1) * 3 + 1 : p.month!;
  const count = p.granularity === 'quarter' ? 3 : 1;
  return Array.from({ length: count }, (_, i) => `${p.year}-${String(first + i).padStart(2, '0')}`);
}

/**
 * Rows for evaluating a quarter or a month with the yearly machinery: the period's own cells stand in for
 * "the year" (summed kinds from their quarter/month row, snapshot kinds from their months), and a return
 * filed for the period wins over the annual one, which is still used when there is none (the year's
 * population as the denominator of a quarter's rate).
 */
export function subYearRows(
  period: string,
  facts: readonly FactRow[],
  figures: readonly ObservationFigure[],
  snapshotKeys: ReadonlySet<string>,
): { facts: FactRow[]; figures: ObservationFigure[] } {
  const months = new Set(monthsOf(period));
  const year = Number(period.slice(0, 4));
  const chosenFacts = facts
    .filter((f) => (snapshotKeys.has(f.inputKey) ? f.granularity === 'M' && months.has(f.period) : f.period === period))
    .map((f) => ({ ...f, year, granularity: snapshotKeys.has(f.inputKey) ? ('M' as const) : ('Y' as const) }));
  const exact = new Set(figures.filter((o) => o.period === period).map((o) => `${o.returnKind}\u0000${o.areaCode}`));
  const chosenFigures = figures
    .filter((o) => (exact.has(`${o.returnKind}\u0000${o.areaCode}`) ? o.period === period : o.period === String(year)))
    // Relabelled as the year's figure so the evaluation's annual-first rule cannot prefer anything else.
    .map((o) => ({ ...o, period: String(year), year }));
  return { facts: chosenFacts, figures: chosenFigures };
}
