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

/**
 * How many records (or returns) each arrival row brought: whether an area's silence in a period is news depends
 * on how much it usually sends (a street with thirty births a month does not have a month without one).
 */
export class DatasetArrivalRecords1765000014301 implements MigrationInterface {
  name = 'DatasetArrivalRecords1765000014301';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dataset_arrival ADD COLUMN records bigint NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dataset_arrival DROP COLUMN records`);
  }
}

export const COMPLETENESS_MIGRATIONS = [DatasetArrivals1765000014300, DatasetArrivalRecords1765000014301];
