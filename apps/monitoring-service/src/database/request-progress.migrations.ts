import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alert decisions wait for whole requests. `request_progress` counts, per request batch (`wdpbatch` of the
 * events), the events applied so far against the count the request declared; it is written in the
 * consumer's inbox transaction, so a redelivered event (skipped by the inbox) never counts twice.
 * `alert_queue.batch_ids` names the batches whose events queued a pair, so the settler can hold the pair
 * until they are complete.
 */
export class RequestProgress1765000007301 implements MigrationInterface {
  name = 'RequestProgress1765000007301';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE request_progress (
        batch_id       text PRIMARY KEY,
        expected       integer NOT NULL CHECK (expected > 0),
        arrived        integer NOT NULL CHECK (arrived > 0),
        first_seen_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
        completed_at   timestamptz NULL
      )`);
    // The settler reads the incomplete ones every tick; retention deletes by age.
    await q.query(`CREATE INDEX request_progress_incomplete_idx ON request_progress (first_seen_at) WHERE completed_at IS NULL`);
    await q.query(`CREATE INDEX request_progress_completed_idx ON request_progress (completed_at) WHERE completed_at IS NOT NULL`);
    await q.query(`ALTER TABLE alert_queue ADD COLUMN batch_ids text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alert_queue DROP COLUMN batch_ids`);
    await q.query(`DROP TABLE request_progress`);
  }
}
