import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Holds: a decided raise waits here until its condition has held ALERT_RAISE_HOLD_MS, an open alert's
 * recovery until it has held ALERT_RESOLVE_HOLD_MS (Alertmanager's pending state). Kept apart from
 * `alert` so that everything `alert` holds was published, and in a table so a restart resumes the
 * waits where they were. One row per alert slot.
 */
export class AlertHolds1764900000000 implements MigrationInterface {
  name = 'AlertHolds1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert_hold (
        indicator_code     text NOT NULL,
        area_code          text NOT NULL,
        sex                text NOT NULL,
        kind               text NOT NULL,
        action             text NOT NULL CHECK (action IN ('raise', 'resolve')),
        since              timestamptz NOT NULL,
        components         jsonb NOT NULL,
        assessment_status  text NOT NULL,
        PRIMARY KEY (indicator_code, area_code, sex, kind)
      )`);
    await q.query(`CREATE INDEX alert_hold_since_idx ON alert_hold (since)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE alert_hold`);
  }
}

export const ALERT_NOISE_MIGRATIONS = [AlertHolds1764900000000];
