/** What every benchmark returns: a table for people and flat figures for the final JSON line. */
export interface BenchResult {
  title: string;
  rows: Record<string, string | number>[];
  figures: Record<string, number>;
  notes?: string[];
}
