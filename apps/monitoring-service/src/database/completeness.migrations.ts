import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When each dataset's data for a period reached monitoring, per area: the first arrival decides whether a
 * period came on time, the last shows later corrections. Record facts are sums and returns keep only their
 * latest revision, so neither can say when data first came. Kept for the assessed areas (district, streets
 * and towns), records at the month they are dated in, returns at the period they were filed for.
 */
export class DatasetArrivals1765000014300 implements MigrationInterface {
  name = 'DatasetArrivals1765000014300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dataset_arrival (
        dataset    text NOT NULL,
        area_code  text NOT NULL,
        period     text NOT NULL,
        first_at   timestamptz NOT NULL,
        last_at    timestamptz NOT NULL,
        PRIMARY KEY (dataset, area_code, period)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dataset_arrival`);
  }
}

export const COMPLETENESS_MIGRATIONS = [DatasetArrivals1765000014300];
