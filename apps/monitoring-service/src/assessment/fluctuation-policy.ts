import type { FluctuationBound, FluctuationResult, FluctuationRule } from '@wdp/assessment';

export interface MaterialFluctuation extends FluctuationResult {
  /** Years the modified z-score flagged whose departure from the trend is too small to matter. */
  readonly immaterialOutliers: readonly number[];
  /** The smallest departure from the trend that counts, per flagged year, in the indicator's unit. */
  readonly materiality: Readonly<Record<number, number>>;
}

/**
 * A modified z-score measures a point against the spread of the others. On a nearly straight series —
 * what a steady trajectory of whole counts turned into rates looks like — that spread is a few
 * hundredths, so a rounding wobble of 0.01 points scores 15 and would read as 波动较大. A flagged year
 * therefore counts only when its departure from the robust trend is also material: at least half of the
 * indicator's own year-on-year bound (absolute bound: in the unit; relative bound: of the value). The
 * swing rule is already in the indicator's unit and stays as the methodology returns it.
 */
export function materialFluctuation(result: FluctuationResult, bound: FluctuationBound): MaterialFluctuation {
  const materiality: Record<number, number> = {};
  const immaterial: number[] = [];
  let zFired = false;
  for (const p of result.zScore.points) {
    if (!p.flagged) continue;
    const floor = bound.absolute !== undefined ? bound.absolute / 2 : ((bound.relative ?? 0) / 2) * Math.abs(p.value);
    materiality[p.year] = floor;
    if (Math.abs(p.residual) >= floor) zFired = true;
    else immaterial.push(p.year);
  }
  const swingFired = result.swings.changes.some((c) => c.exceeds.length > 0);
  const rules: FluctuationRule[] = [...(zFired ? (['modified_z_score'] as const) : []), ...(swingFired ? (['year_on_year_swing'] as const) : [])];
  const latestYear = result.zScore.points.length ? Math.max(...result.zScore.points.map((p) => p.year)) : null;
  const latestYearFlagged =
    result.zScore.points.some((p) => p.flagged && p.year === latestYear && !immaterial.includes(p.year)) ||
    result.swings.changes.some((c) => c.exceeds.length > 0 && c.toYear === latestYear);
  return { ...result, fluctuating: rules.length > 0, rules, latestYearFlagged, immaterialOutliers: immaterial, materiality };
}
