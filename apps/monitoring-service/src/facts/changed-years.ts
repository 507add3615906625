import type { FactDelta } from './fact-delta';

/**
 * The earliest year whose cells the deltas change, per input × area (`inputKey \0 areaCode`). A series a
 * batch touched without a net change has none.
 *
 * The deltas come sorted by cell, so each series is one run of them: its key is built once per run, not
 * once per delta (any order still gives the right answer, with more runs).
 */
export function earliestChangedYears(deltas: readonly FactDelta[]): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < deltas.length; ) {
    const { inputKey, areaCode } = deltas[i];
    let year = deltas[i].year;
    for (i++; i < deltas.length && deltas[i].inputKey === inputKey && deltas[i].areaCode === areaCode; i++) {
      if (deltas[i].year < year) year = deltas[i].year;
    }
    const key = `${inputKey}\u0000${areaCode}`;
    const seen = out.get(key);
    if (seen === undefined || year < seen) out.set(key, year);
  }
  return out;
}
