import { messagingMigrations } from '@wdp/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ALERT_DELIVERY_MIGRATIONS } from './alert-delivery.migrations';
import { ALERT_NOISE_MIGRATIONS } from './alert-noise.migrations';
import { APPROVAL_MIGRATIONS } from './approval.migrations';
import { COMPLETENESS_MIGRATIONS } from './completeness.migrations';
import { PLAN_REGISTRY_MIGRATIONS } from './plan-registry.migrations';
import { RECOMPUTE_QUEUE_MIGRATIONS } from './recompute-queue.migrations';
import { STORAGE_MIGRATIONS } from './storage.migrations';
import { SCOPE_SPLIT_MIGRATIONS } from './scope-split.migrations';
import { TRACE_CONTEXT_MIGRATIONS } from './trace-context.migrations';
import { UNUSED_INDEX_MIGRATIONS } from './unused-index.migrations';
import { REPORT_PLAN_MIGRATIONS } from './report-plan.migrations';
import { ALERT_PLAN_MIGRATIONS } from './alert-plan.migrations';
import { VALIDATION_MIGRATIONS } from './validation.migrations';
import { YEAR_ROWS_INDEX_MIGRATIONS } from './year-rows-index.migrations';

/**
 * The indicator catalogue is versioned data. `indicator` holds the current definition and targets;
 * `overridden` lists the target/baseline fields an administrator set through the API, which a later
 * catalogue seed must not overwrite. Every change leaves a row in `indicator_target_history` (the full
 * target/baseline state from then on) and one `indicator_audit` row per changed field.
 */
export class CreateIndicatorCatalogue1764400000000 implements MigrationInterface {
  name = 'CreateIndicatorCatalogue1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE indicator (
        code               text PRIMARY KEY,
        name_zh            text NOT NULL,
        name_en            text NOT NULL,
        domain             text NOT NULL,
        department         text NOT NULL,
        unit               text NOT NULL,
        factor             double precision NOT NULL,
        comparator         text NOT NULL,
        direction          text NOT NULL,
        target_value       double precision NULL,
        target_year        integer NOT NULL,
        tolerance          double precision NULL,
        baseline_year      integer NOT NULL,
        baseline_value     double precision NULL,
        sex_disaggregated  boolean NOT NULL,
        definition         jsonb NOT NULL,
        entry              jsonb NOT NULL,
        catalogue_version  text NOT NULL,
        overridden         text[] NOT NULL DEFAULT '{}',
        revision           integer NOT NULL DEFAULT 1,
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX indicator_domain_idx ON indicator (domain, code)`);
    await q.query(`
      CREATE TABLE indicator_target_history (
        id                 bigserial PRIMARY KEY,
        indicator_code     text NOT NULL REFERENCES indicator (code),
        revision           integer NOT NULL,
        target_value       double precision NULL,
        target_year        integer NOT NULL,
        tolerance          double precision NULL,
        baseline_year      integer NOT NULL,
        baseline_value     double precision NULL,
        source             text NOT NULL CHECK (source IN ('catalogue', 'api')),
        catalogue_version  text NOT NULL,
        valid_from         timestamptz NOT NULL DEFAULT now(),
        UNIQUE (indicator_code, revision)
      )`);
    await q.query(`
      CREATE TABLE indicator_audit (
        id              bigserial PRIMARY KEY,
        indicator_code  text NOT NULL REFERENCES indicator (code),
        changed_at      timestamptz NOT NULL DEFAULT now(),
        changed_by      text NOT NULL,
        source          text NOT NULL CHECK (source IN ('catalogue', 'api')),
        field           text NOT NULL,
        old_value       jsonb NULL,
        new_value       jsonb NULL,
        reason          text NULL
      )`);
    await q.query(`CREATE INDEX indicator_audit_code_idx ON indicator_audit (indicator_code, changed_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE catalogue_seed (
        catalogue_version  text PRIMARY KEY,
        seeded_at          timestamptz NOT NULL DEFAULT now(),
        indicators         integer NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE catalogue_seed, indicator_audit, indicator_target_history, indicator`);
  }
}

/**
 * Record facts, pre-aggregated and materialised on write at every level the assessments read:
 * each delta is added to its own area and every ancestor (community → street/town → district) and to
 * its month, quarter and year. A batch is reduced per key in memory first, so the amplification (×9)
 * costs rows in one multi-row upsert, not statements; in exchange every read the per-event
 * recomputation does — a yearly value of an input for an area — is a primary-key lookup.
 * `sex` is F or M, or U for kinds without a sex; `age_band` is '' for kinds without one.
 * Counts may go transiently negative when a revision arrives before the record it revises.
 */
export class CreateRecordFacts1764400000001 implements MigrationInterface {
  name = 'CreateRecordFacts1764400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE record_fact (
        input_key    text NOT NULL,
        area_code    text NOT NULL,
        period       text NOT NULL,
        granularity  char(1) NOT NULL CHECK (granularity IN ('Y', 'Q', 'M')),
        year         smallint NOT NULL,
        sex          char(1) NOT NULL CHECK (sex IN ('F', 'M', 'U')),
        age_band     text NOT NULL DEFAULT '',
        count        bigint NOT NULL,
        PRIMARY KEY (input_key, area_code, period, sex, age_band)
      )`);
    await q.query(`CREATE INDEX record_fact_yearly_idx ON record_fact (input_key, granularity, year)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE record_fact`);
  }
}

/**
 * Statistical returns. `received_return` keeps the highest revision seen per return (so an older
 * revision arriving late changes nothing); `observation` holds that revision's figures with their
 * provenance. A withdrawal keeps the figures for the record and flags them.
 */
export class CreateObservations1764400000002 implements MigrationInterface {
  name = 'CreateObservations1764400000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE received_return (
        return_id     text PRIMARY KEY,
        department    text NOT NULL,
        return_kind   text NOT NULL,
        area_code     text NOT NULL,
        period        text NOT NULL,
        unit          text NOT NULL,
        revision      integer NOT NULL,
        withdrawn     boolean NOT NULL DEFAULT false,
        submitted_at  timestamptz NOT NULL,
        event_id      text NOT NULL,
        received_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE observation (
        return_id     text NOT NULL REFERENCES received_return (return_id) ON DELETE CASCADE,
        sex           char(1) NOT NULL CHECK (sex IN ('F', 'M', 'T')),
        age_band      text NOT NULL DEFAULT '',
        department    text NOT NULL,
        return_kind   text NOT NULL,
        area_code     text NOT NULL,
        period        text NOT NULL,
        year          smallint NOT NULL,
        value         double precision NOT NULL,
        numerator     double precision NULL,
        denominator   double precision NULL,
        unit          text NOT NULL,
        revision      integer NOT NULL,
        withdrawn     boolean NOT NULL DEFAULT false,
        submitted_at  timestamptz NOT NULL,
        PRIMARY KEY (return_id, sex, age_band)
      )`);
    await q.query(`CREATE INDEX observation_cell_idx ON observation (return_kind, area_code, year) WHERE NOT withdrawn`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE observation, received_return`);
  }
}

/**
 * Yearly indicator values and the current assessment of each indicator × area × sex (F, M, T, or 'gap'
 * for the female–male gap). `components` is the methodology's full explanation.
 */
export class CreateAssessments1764400000003 implements MigrationInterface {
  name = 'CreateAssessments1764400000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE indicator_value (
        indicator_code  text NOT NULL,
        area_code       text NOT NULL,
        sex             char(1) NOT NULL CHECK (sex IN ('F', 'M', 'T')),
        year            smallint NOT NULL,
        value           double precision NOT NULL,
        numerator       double precision NULL,
        denominator     double precision NULL,
        computed_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (indicator_code, area_code, sex, year)
      )`);
    await q.query(`
      CREATE TABLE assessment (
        indicator_code       text NOT NULL,
        area_code            text NOT NULL,
        sex                  text NOT NULL CHECK (sex IN ('F', 'M', 'T', 'gap')),
        year                 smallint NULL,
        status               text NOT NULL,
        alert_kinds          text[] NOT NULL DEFAULT '{}',
        components           jsonb NOT NULL,
        methodology_version  text NOT NULL,
        catalogue_revision   integer NOT NULL,
        computed_at          timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (indicator_code, area_code, sex)
      )`);
    await q.query(`CREATE INDEX assessment_status_idx ON assessment (status, indicator_code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE assessment, indicator_value`);
  }
}

/**
 * Early warnings. The partial unique index is the guarantee of one open alert per indicator, area, sex
 * and kind: a repeated event finds the open alert and leaves it as it is.
 */
export class CreateAlerts1764400000004 implements MigrationInterface {
  name = 'CreateAlerts1764400000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert (
        id                   uuid PRIMARY KEY,
        indicator_code       text NOT NULL,
        area_code            text NOT NULL,
        sex                  text NOT NULL CHECK (sex IN ('F', 'M', 'T', 'gap')),
        kind                 text NOT NULL,
        status               text NOT NULL CHECK (status IN ('open', 'resolved')),
        severity             text NOT NULL,
        raised_at            timestamptz NOT NULL,
        resolved_at          timestamptz NULL,
        components           jsonb NOT NULL,
        resolution           jsonb NULL,
        methodology_version  text NOT NULL,
        raised_event_id      uuid NOT NULL,
        resolved_event_id    uuid NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX alert_one_open_idx ON alert (indicator_code, area_code, sex, kind) WHERE status = 'open'`);
    await q.query(`CREATE INDEX alert_status_idx ON alert (status, raised_at DESC, id)`);
    await q.query(`CREATE INDEX alert_indicator_idx ON alert (indicator_code, area_code, raised_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE alert`);
  }
}

/**
 * Indicator × area pairs whose data changed and whose alerts are still to be decided. The consumer
 * updates assessments in the batch transaction and queues the pair here; alerts are decided once the
 * pair's data has settled (no change for ALERT_SETTLE_MS), so a burst of events spread over partitions
 * raises one alert on the final state instead of flapping through partial ones.
 */
export class CreateAlertQueue1764400000005 implements MigrationInterface {
  name = 'CreateAlertQueue1764400000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert_queue (
        indicator_code  text NOT NULL,
        area_code       text NOT NULL,
        first_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
        last_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (indicator_code, area_code)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE alert_queue`);
  }
}

export const MONITORING_TABLE_MIGRATIONS = [
  CreateIndicatorCatalogue1764400000000,
  CreateRecordFacts1764400000001,
  CreateObservations1764400000002,
  CreateAssessments1764400000003,
  CreateAlerts1764400000004,
  CreateAlertQueue1764400000005,
];

/** Everything the service's database needs, in order: the backbone's outbox and inbox, then ours. */
export const monitoringMigrations = [...messagingMigrations, ...MONITORING_TABLE_MIGRATIONS, ...ALERT_DELIVERY_MIGRATIONS, ...RECOMPUTE_QUEUE_MIGRATIONS, ...STORAGE_MIGRATIONS, ...ALERT_NOISE_MIGRATIONS, ...SCOPE_SPLIT_MIGRATIONS, ...TRACE_CONTEXT_MIGRATIONS, ...UNUSED_INDEX_MIGRATIONS, ...APPROVAL_MIGRATIONS, ...COMPLETENESS_MIGRATIONS, ...PLAN_REGISTRY_MIGRATIONS, ...REPORT_PLAN_MIGRATIONS, ...VALIDATION_MIGRATIONS, ...ALERT_PLAN_MIGRATIONS, ...YEAR_ROWS_INDEX_MIGRATIONS];
