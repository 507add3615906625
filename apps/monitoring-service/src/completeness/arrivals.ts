import type { FactDelta } from '../facts/fact-delta';
import type { ReturnChange } from '../facts/return-changes';

/** A dataset's data for one period reaching one area, as a batch brings it (the time is the batch's). */
export interface ArrivalKey {
  dataset: string;
  areaCode: string;
  period: string;
  /** Records the batch added (a revision or a withdrawal adds none), or returns filed. */
  records: number;
}

/**
 * What a batch delivered, for the expected datasets in the assessed areas: record facts at their month (a
 * batch's deltas already carry every ancestor area), returns filed (not withdrawn) at their period and area.
 * A record and its withdrawal in one batch still arrived: the department sent data for that period. Pure.
 */
export function batchArrivals(
  deltas: readonly Pick<FactDelta, 'inputKey' | 'areaCode' | 'period' | 'granularity' | 'count'>[],
  returns: readonly Pick<ReturnChange, 'department' | 'withdrawn' | 'facts'>[],
  datasets: ReadonlySet<string>,
  areas: ReadonlySet<string>,
): ArrivalKey[] {
  const out = new Map<string, ArrivalKey>();
  const add = (dataset: string, areaCode: string, period: string, records: number) => {
    if (!datasets.has(dataset) || !areas.has(areaCode)) return;
    const key = `${dataset}\u0000${areaCode}\u0000${period}`;
    out.set(key, { dataset, areaCode, period, records: (out.get(key)?.records ?? 0) + records });
  };
  for (const d of deltas) if (d.granularity === 'M') add(d.inputKey, d.areaCode, d.period, Math.max(0, d.count));
  for (const r of returns) if (!r.withdrawn && r.facts) add(`${r.department}/${r.facts.kind}`, r.facts.area, r.facts.period, 1);
  return [...out.values()];
}
