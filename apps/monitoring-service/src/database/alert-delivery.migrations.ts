import type { MigrationInterface, QueryRunner } from 'typeorm';

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The alert lifecycle (acknowledged by whom with which comment, resolved by hand with a reason, the
 * owning department) and the ordered alert-event log every channel reads: the SSE stream replays it from
 * `Last-Event-ID`, webhook deliveries point into it, and `/v1/alerts/{id}/history` lists it.
 * `seq` is allocated under the assessment lock every alert writer holds, so its order is commit order
 * and a reader polling `seq > last` never skips an event that commits late.
 */
export class AlertLifecycle1764500000000 implements MigrationInterface {
  name = 'AlertLifecycle1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE alert
        ADD COLUMN department               text NULL,
        ADD COLUMN acknowledged_at          timestamptz NULL,
        ADD COLUMN acknowledged_by          text NULL,
        ADD COLUMN acknowledgement_comment  text NULL,
        ADD COLUMN resolved_by              text NULL,
        ADD COLUMN resolution_reason        text NULL`);
    await q.query(`UPDATE alert a SET department = i.department FROM indicator i WHERE i.code = a.indicator_code`);
    await q.query(`CREATE INDEX alert_department_idx ON alert (department, status)`);
    await q.query(`
      CREATE TABLE alert_event (
        seq          bigserial PRIMARY KEY,
        alert_id     uuid NOT NULL REFERENCES alert (id),
        transition   text NOT NULL CHECK (transition IN ('raised', 'acknowledged', 'resolved')),
        occurred_at  timestamptz NOT NULL,
        actor        text NOT NULL,
        comment      text NULL,
        alert        jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX alert_event_alert_idx ON alert_event (alert_id, seq)`);
    // Alerts raised before this log existed get their raise (and resolution) as history, in time order.
    await q.query(`
      INSERT INTO alert_event (alert_id, transition, occurred_at, actor, alert)
      SELECT id, t.transition, t.at, 'monitoring', jsonb_build_object(
               'id', id, 'indicatorCode', indicator_code, 'areaCode', area_code, 'sex', sex, 'kind', kind,
               'status', CASE t.transition WHEN 'raised' THEN 'open' ELSE 'resolved' END,
               'state', t.transition, 'severity', severity, 'department', department,
               'raisedAt', ${iso('raised_at')},
               'resolvedAt', CASE t.transition WHEN 'raised' THEN NULL ELSE ${iso('resolved_at')} END,
               'acknowledgedAt', NULL, 'acknowledgedBy', NULL, 'acknowledgementComment', NULL,
               'resolvedBy', CASE t.transition WHEN 'raised' THEN NULL ELSE 'monitoring' END, 'resolutionReason', NULL,
               'components', components,
               'resolution', CASE t.transition WHEN 'raised' THEN NULL ELSE resolution END,
               'methodologyVersion', methodology_version)
        FROM alert, LATERAL (VALUES ('raised', raised_at), ('resolved', resolved_at)) AS t (transition, at)
       WHERE t.at IS NOT NULL
       ORDER BY t.at, id, t.transition DESC`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE alert_event`);
    await q.query(`
      ALTER TABLE alert DROP COLUMN department, DROP COLUMN acknowledged_at, DROP COLUMN acknowledged_by,
        DROP COLUMN acknowledgement_comment, DROP COLUMN resolved_by, DROP COLUMN resolution_reason`);
  }
}

/**
 * Subscriptions and their webhook deliveries. A delivery row is written in the same transaction as the
 * alert event it carries, so nothing pending is lost in a restart; the dispatcher leases a row
 * (`lease_until`) while it posts, and a crash mid-post only means the lease expires and the delivery is
 * retried (at least once). The signing secret has to be recoverable to sign, so it is stored encrypted
 * (AES-256-GCM, key from WEBHOOK_SECRET_KEY), never hashed and never in plain text.
 */
export class AlertSubscriptions1764500000001 implements MigrationInterface {
  name = 'AlertSubscriptions1764500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert_subscription (
        id                    uuid PRIMARY KEY,
        name                  text NOT NULL,
        created_by            text NOT NULL,
        filter                jsonb NOT NULL,
        channel               text NOT NULL CHECK (channel IN ('webhook')),
        url                   text NOT NULL,
        secret_ciphertext     text NOT NULL,
        enabled               boolean NOT NULL DEFAULT true,
        disabled_at           timestamptz NULL,
        disabled_reason       text NULL,
        consecutive_failures  integer NOT NULL DEFAULT 0,
        created_at            timestamptz NOT NULL DEFAULT now(),
        updated_at            timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE webhook_delivery (
        id                uuid PRIMARY KEY,
        subscription_id   uuid NOT NULL REFERENCES alert_subscription (id) ON DELETE CASCADE,
        event_seq         bigint NOT NULL REFERENCES alert_event (seq),
        status            text NOT NULL CHECK (status IN ('pending', 'delivered')),
        attempts          integer NOT NULL DEFAULT 0,
        next_attempt_at   timestamptz NOT NULL DEFAULT now(),
        lease_until       timestamptz NULL,
        last_attempt_at   timestamptz NULL,
        last_status_code  integer NULL,
        last_error        text NULL,
        delivered_at      timestamptz NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        UNIQUE (subscription_id, event_seq)
      )`);
    await q.query(`CREATE INDEX webhook_delivery_pending_idx ON webhook_delivery (subscription_id, event_seq) WHERE status = 'pending'`);
    await q.query(`
      CREATE TABLE webhook_attempt (
        id               bigserial PRIMARY KEY,
        delivery_id      uuid NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
        subscription_id  uuid NOT NULL REFERENCES alert_subscription (id) ON DELETE CASCADE,
        attempted_at     timestamptz NOT NULL,
        status_code      integer NULL,
        error            text NULL,
        duration_ms      integer NOT NULL
      )`);
    await q.query(`CREATE INDEX webhook_attempt_subscription_idx ON webhook_attempt (subscription_id, id DESC)`);
    await q.query(`
      CREATE TABLE alert_stream_token (
        token_hash  text PRIMARY KEY,
        key_id      text NOT NULL,
        expires_at  timestamptz NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE alert_stream_token, webhook_attempt, webhook_delivery, alert_subscription`);
  }
}

/**
 * Frozen report snapshots: the full input the report was assembled from (values, assessments, targets,
 * submissions, as they stood), the methodology and catalogue versions and the data revision, and the
 * assembled content with its hash. Rendering reads only the stored input, so a report regenerated later
 * has the same numbers.
 */
export class ReportSnapshots1764500000002 implements MigrationInterface {
  name = 'ReportSnapshots1764500000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_snapshot (
        id                   uuid PRIMARY KEY,
        kind                 text NOT NULL CHECK (kind IN ('annual', 'mid_term', 'final')),
        year                 integer NOT NULL,
        generated_at         timestamptz NOT NULL,
        generated_by         text NOT NULL,
        methodology_version  text NOT NULL,
        catalogue_version    text NOT NULL,
        data_revision        text NOT NULL,
        disclosure_k         integer NOT NULL,
        input                jsonb NOT NULL,
        content              jsonb NOT NULL,
        content_hash         text NOT NULL
      )`);
    await q.query(`CREATE INDEX report_snapshot_kind_idx ON report_snapshot (kind, year, generated_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_snapshot`);
  }
}

export const ALERT_DELIVERY_MIGRATIONS = [AlertLifecycle1764500000000, AlertSubscriptions1764500000001, ReportSnapshots1764500000002];
