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

/**
 * Grouped webhook deliveries: the alert changes waiting for a subscription (one `webhook_delivery` row
 * each, written with the change) are sealed into one delivery (`group_id`, the X-WDP-Delivery id) after
 * the subscription's group wait, or group interval after its previous delivery (`last_group_at`); a
 * group is posted, retried and marked as one. Per-subscription wait and interval override the defaults.
 */
export class WebhookDeliveryGroups1764900000001 implements MigrationInterface {
  name = 'WebhookDeliveryGroups1764900000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE alert_subscription
        ADD COLUMN group_wait_ms      integer NULL CHECK (group_wait_ms >= 0),
        ADD COLUMN group_interval_ms  integer NULL CHECK (group_interval_ms >= 0),
        ADD COLUMN last_group_at      timestamptz NULL`);
    await q.query(`ALTER TABLE webhook_delivery ADD COLUMN group_id uuid NULL`);
    // Rows pending from before grouping go out as groups of one, as they would have.
    await q.query(`UPDATE webhook_delivery SET group_id = id WHERE status = 'pending'`);
    await q.query(`CREATE INDEX webhook_delivery_group_idx ON webhook_delivery (group_id, event_seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX webhook_delivery_group_idx`);
    await q.query(`ALTER TABLE webhook_delivery DROP COLUMN group_id`);
    await q.query(`ALTER TABLE alert_subscription DROP COLUMN group_wait_ms, DROP COLUMN group_interval_ms, DROP COLUMN last_group_at`);
  }
}

/**
 * Silences: matchers (indicator, area, kind; null matches anything), a period and a required reason.
 * The row is the audit record: who created it and when, when it ends (it expires by itself: every reader
 * compares `ends_at` with the time), and who deleted it early and when. Rows are never removed.
 */
export class AlertSilences1764900000002 implements MigrationInterface {
  name = 'AlertSilences1764900000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert_silence (
        id              uuid PRIMARY KEY,
        indicator_code  text NULL,
        area_code       text NULL,
        kind            text NULL,
        starts_at       timestamptz NOT NULL,
        ends_at         timestamptz NOT NULL,
        reason          text NOT NULL CHECK (length(reason) > 0),
        created_by      text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        deleted_at      timestamptz NULL,
        deleted_by      text NULL,
        CHECK (ends_at > starts_at),
        CHECK (indicator_code IS NOT NULL OR area_code IS NOT NULL OR kind IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX alert_silence_live_idx ON alert_silence (ends_at) WHERE deleted_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE alert_silence`);
  }
}

export const ALERT_NOISE_MIGRATIONS = [AlertHolds1764900000000, WebhookDeliveryGroups1764900000001, AlertSilences1764900000002];
