/** PostgreSQL accepts at most 65,535 bind parameters per statement. */
export const PG_MAX_PARAMS = 65_535;

/** Rows per multi-row INSERT: a thousand, or fewer when rows are wide. */
export function rowsPerInsert(columns: number, preferred = 1_000): number {
  return Math.max(1, Math.min(preferred, Math.floor(PG_MAX_PARAMS / columns)));
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `($1, $2, $3), ($4, $5, $6)` for `rows` tuples of `columns`, with optional casts per column. */
export function valuesPlaceholders(rows: number, columns: number, casts: (string | undefined)[] = []): string {
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < columns; c++) cells.push(`$${r * columns + c + 1}${casts[c] ? `::${casts[c]}` : ''}`);
    tuples.push(`(${cells.join(', ')})`);
  }
  return tuples.join(', ');
}
