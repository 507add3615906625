import { type AreaIndex, periodRange } from '@wdp/contracts';

/**
 * The areas whose violations concern an approval in `area`: it, those inside it and those above it — a street's
 * broken rule is also the district's business, and a district-wide one the street's.
 */
export function relatedAreas(area: string, areas: AreaIndex): string[] {
  return areas.areas.filter((a) => areas.isWithin(a.code, area) || areas.isWithin(area, a.code)).map((a) => a.code);
}

/** The year of a period, its quarters and its months: every period that can contain it or lie inside it. */
export function periodsOfYear(period: string): string[] {
  const year = period.slice(0, 4);
  const quarters = [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  return [year, ...quarters, ...months];
}

/** Whether two periods share a day: for calendar periods, one contains the other. */
export function periodsOverlap(a: string, b: string): boolean {
  const ra = periodRange(a);
  const rb = periodRange(b);
  return ra.start <= rb.end && rb.start <= ra.end;
}

/**
 * Whether a violation where `scope` says can block the approval of `cell` (a dataset `department/kind`): the
 * violation's rule reads the dataset, in a related area (relatedAreas) for an overlapping period — the same test
 * ValidationService.blockingViolations makes in SQL, so the cells a changed violation concerns are exactly those
 * whose answer it can change.
 */
export function concerns(scope: { datasets: readonly string[]; areaCode: string; period: string }, cell: { dataset: string; area: string; period: string }, areas: AreaIndex): boolean {
  if (!scope.datasets.includes(cell.dataset)) return false;
  if (!areas.isWithin(scope.areaCode, cell.area) && !areas.isWithin(cell.area, scope.areaCode)) return false;
  return periodsOverlap(scope.period, cell.period);
}
