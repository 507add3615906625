/** Median of a non-empty list; the input is not modified. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median absolute deviation from the median (unscaled). */
export function medianAbsoluteDeviation(values: readonly number[], centre = median(values)): number {
  return median(values.map((v) => Math.abs(v - centre)));
}

/** Mean absolute deviation from a centre (used when the MAD is zero). */
export function meanAbsoluteDeviation(values: readonly number[], centre: number): number {
  return values.reduce((sum, v) => sum + Math.abs(v - centre), 0) / values.length;
}
