/** PostgreSQL's wire protocol carries the bind-parameter count as an unsigned 16-bit integer. */
export const PG_MAX_BIND_PARAMETERS = 65_535;

/** Largest row count per multi-row INSERT that stays under the bind-parameter limit. */
export function maxRowsPerStatement(paramsPerRow: number, cap = Number.POSITIVE_INFINITY): number {
  if (paramsPerRow < 1) throw new Error('paramsPerRow must be at least 1');
  return Math.max(1, Math.min(cap, Math.floor(PG_MAX_BIND_PARAMETERS / paramsPerRow)));
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`chunk size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
