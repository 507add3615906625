import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The plan registry (issue 13): plans as versioned documents (libs/plans, `wdp-plan/1`).
 *
 * - `plan`: one row per plan, with the fields of its latest version a list filters on; `monitored` marks the
 *   plan whose targets the engine assesses from the `indicator` table (the district plan 2021–2025).
 * - `plan_version`: every version, immutable: the whole document as imported, its content hash, who imported
 *   it, when, why and through which path (`api`, `seed`, `target-edit`, `catalogue`).
 * - `plan_target`: each version's targets in a form SQL can ask ("which plans target HEA-02?").
 * - `plan_audit`: one row per changed field of each version (what the version changed against the one before).
 *
 * Only new tables: the indicator catalogue, assessments, alerts and reports are not touched, so the district
 * plan's assessments stay exactly what they were (the registry is seeded at start, from the stored targets).
 */
export class CreatePlanRegistry1765100013000 implements MigrationInterface {
  name = 'CreatePlanRegistry1765100013000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE plan (
        id              text PRIMARY KEY,
        name_zh         text NOT NULL,
        name_en         text NOT NULL,
        level           text NOT NULL CHECK (level IN ('national', 'province', 'city', 'district')),
        area            text NOT NULL,
        period_start    integer NOT NULL,
        period_end      integer NOT NULL,
        status          text NOT NULL CHECK (status IN ('adopted', 'draft')),
        latest_version  integer NOT NULL,
        monitored       boolean NOT NULL DEFAULT false,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    // No index for the list's filters: the plans are tens of rows, which a scan reads as fast. At most one plan's targets live in the indicator table.
    await q.query(`CREATE UNIQUE INDEX plan_one_monitored_idx ON plan (monitored) WHERE monitored`);
    await q.query(`
      CREATE TABLE plan_version (
        plan_id       text NOT NULL REFERENCES plan (id),
        version       integer NOT NULL CHECK (version >= 1),
        status        text NOT NULL CHECK (status IN ('adopted', 'draft')),
        document      jsonb NOT NULL,
        content_hash  text NOT NULL,
        imported_by   text NOT NULL,
        imported_at   timestamptz NOT NULL DEFAULT now(),
        origin        text NOT NULL CHECK (origin IN ('api', 'seed', 'target-edit', 'catalogue')),
        reason        text NULL,
        PRIMARY KEY (plan_id, version)
      )`);
    await q.query(`
      CREATE TABLE plan_target (
        plan_id         text NOT NULL,
        version         integer NOT NULL,
        indicator_code  text NOT NULL,
        target_year     integer NOT NULL,
        comparator      text NOT NULL,
        value           double precision NULL,
        value_status    text NOT NULL,
        tolerance       double precision NULL,
        baseline_year   integer NULL,
        baseline_value  double precision NULL,
        PRIMARY KEY (plan_id, version, indicator_code, target_year),
        FOREIGN KEY (plan_id, version) REFERENCES plan_version (plan_id, version)
      )`);
    await q.query(`CREATE INDEX plan_target_indicator_idx ON plan_target (indicator_code, plan_id, version)`);
    await q.query(`
      CREATE TABLE plan_audit (
        id          bigserial PRIMARY KEY,
        plan_id     text NOT NULL REFERENCES plan (id),
        version     integer NOT NULL,
        changed_at  timestamptz NOT NULL DEFAULT now(),
        changed_by  text NOT NULL,
        origin      text NOT NULL,
        field       text NOT NULL,
        old_value   jsonb NULL,
        new_value   jsonb NULL,
        reason      text NULL,
        FOREIGN KEY (plan_id, version) REFERENCES plan_version (plan_id, version)
      )`);
    await q.query(`CREATE INDEX plan_audit_plan_idx ON plan_audit (plan_id, changed_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE plan_audit, plan_target, plan_version, plan`);
  }
}

export const PLAN_REGISTRY_MIGRATIONS = [CreatePlanRegistry1765100013000];
