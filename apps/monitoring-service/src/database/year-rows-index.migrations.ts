import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The evaluation reads the yearly rows of its inputs in the assessed areas (FactRepository.forEvaluation). Through
 * record_fact_yearly_idx (input_key, granularity, year) that is every area's yearly rows — communities included —
 * and, since the yearly rows lie between the months and quarters of their series, a bitmap over most of the
 * table's pages. At 10^7 facts a full recompute's read matched 608,230 index entries for 123,389 rows and read
 * 156,307 of the table's 191,419 pages (1.7–2.9 s); through this index it matches the 123,389 and reads 31,500
 * pages (0.3–0.4 s). The index holds the yearly rows only (1 in 17 of the seeded history: 5 MB at 10^7 facts
 * against 589 MB for the yearly index), and it leaves the counting path as it was: `count` is in no index and a
 * cell never changes granularity, so adding to a cell stays a HOT update, and only a new yearly cell adds an
 * entry (3–8 µs more a new yearly cell). docs/benchmarks.md, "Cost growth", has the figures.
 *
 * Built in the migration's transaction at start, not CONCURRENTLY (migrations run in one): about 4 s at 10^7
 * facts, while writes to record_fact wait.
 */
export class RecordFactYearRowsIndex1765640000000 implements MigrationInterface {
  name = 'RecordFactYearRowsIndex1765640000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS record_fact_year_rows_idx ON record_fact (input_key, area_code, year) WHERE granularity = 'Y'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS record_fact_year_rows_idx`);
  }
}

export const YEAR_ROWS_INDEX_MIGRATIONS = [RecordFactYearRowsIndex1765640000000];
