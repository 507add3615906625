import type { FactDelta } from './fact-delta';

/**
 * The earliest year whose cells the deltas change, per input × area (`inputKey \0 areaCode`). A series a
 * batch touched without a net change has none.
 */
export function earliestChangedYears(deltas: readonly FactDelta[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of deltas) {
    const key = `${d.inputKey}\u0000${d.areaCode}`;
    const seen = out.get(key);
    if (seen === undefined || d.year < seen) out.set(key, d.year);
  }
  return out;
}
