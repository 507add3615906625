import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RequestProgress1765000007301 } from './request-progress.migrations';

/**
 * `alert_queue` becomes append-only: the consumer no longer recomputes assessments under the assessment
 * lock but appends the pairs each batch touched, and the settler recomputes each pair once however many
 * rows name it. Without the primary key an append never waits for the settler (which deletes the rows it
 * claims inside its long recompute transaction) and the settler's DELETE never waits for a batch: each
 * only sees the other's committed rows. The index serves the queue's oldest / newest entry.
 */
export class AppendOnlyAlertQueue1764600000000 implements MigrationInterface {
  name = 'AppendOnlyAlertQueue1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alert_queue DROP CONSTRAINT alert_queue_pkey`);
    await q.query(`CREATE INDEX alert_queue_last_at_idx ON alert_queue (last_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX alert_queue_last_at_idx`);
    await q.query(`
      DELETE FROM alert_queue a USING alert_queue b
       WHERE a.indicator_code = b.indicator_code AND a.area_code = b.area_code AND a.ctid < b.ctid`);
    await q.query(`ALTER TABLE alert_queue ADD PRIMARY KEY (indicator_code, area_code)`);
  }
}

/**
 * Each queued pair says from which year its data changed, so the settler re-evaluates that year onwards
 * (and the assessment window) instead of the whole stored history. NULL: every year — also what rows
 * queued before this column existed mean.
 */
export class AlertQueueFromYear1764900000002 implements MigrationInterface {
  name = 'AlertQueueFromYear1764900000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alert_queue ADD COLUMN from_year smallint NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alert_queue DROP COLUMN from_year`);
  }
}

export const RECOMPUTE_QUEUE_MIGRATIONS = [AppendOnlyAlertQueue1764600000000, AlertQueueFromYear1764900000002, RequestProgress1765000007301];
