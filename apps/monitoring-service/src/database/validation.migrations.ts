import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Validation rules across datasets (issue 14) are data. `validation_rule` holds each rule's current version;
 * `validation_rule_version` every version ever written, with who wrote it, when and why — the audit trail, whose
 * "old" is the version before (a deleted rule is a last version with enabled = false, so its code is never reused
 * for another meaning and a seed never brings it back).
 *
 * `validation_violation` is one row per rule × area × period that broke it, with both sides' numbers as last seen
 * and the rule version that saw them; `datasets` (`department/kind` of every dataset the rule reads) lets an
 * approval of one dataset find what blocks it. Overrides and reopenings are logged in `validation_violation_audit`.
 */
export class CreateValidationRules1765400600000 implements MigrationInterface {
  name = 'CreateValidationRules1765400600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE validation_rule (
        code        text PRIMARY KEY,
        version     integer NOT NULL,
        definition  jsonb NOT NULL,
        datasets    text[] NOT NULL,
        enabled     boolean NOT NULL DEFAULT true,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE validation_rule_version (
        rule_code   text NOT NULL REFERENCES validation_rule (code),
        version     integer NOT NULL,
        definition  jsonb NOT NULL,
        enabled     boolean NOT NULL,
        changed_by  text NOT NULL,
        changed_at  timestamptz NOT NULL DEFAULT now(),
        reason      text NOT NULL,
        PRIMARY KEY (rule_code, version)
      )`);
    await q.query(`
      CREATE TABLE validation_violation (
        id               uuid PRIMARY KEY,
        rule_code        text NOT NULL REFERENCES validation_rule (code),
        rule_version     integer NOT NULL,
        severity         text NOT NULL CHECK (severity IN ('error', 'warning')),
        datasets         text[] NOT NULL,
        area_code        text NOT NULL,
        period           text NOT NULL,
        left_value       double precision NOT NULL,
        right_value      double precision NOT NULL,
        state            text NOT NULL CHECK (state IN ('open', 'resolved', 'overridden')),
        first_seen_at    timestamptz NOT NULL,
        last_seen_at     timestamptz NOT NULL,
        resolved_at      timestamptz NULL,
        overridden_by    text NULL,
        overridden_at    timestamptz NULL,
        override_reason  text NULL,
        UNIQUE (rule_code, area_code, period)
      )`);
    // The list's default order and the approval's question (open errors of a dataset) both start from the state.
    await q.query(`CREATE INDEX validation_violation_state_idx ON validation_violation (state, last_seen_at DESC)`);
    await q.query(`
      CREATE TABLE validation_violation_audit (
        id            bigserial PRIMARY KEY,
        violation_id  uuid NOT NULL REFERENCES validation_violation (id),
        action        text NOT NULL CHECK (action IN ('override', 'reopen')),
        actor         text NOT NULL,
        at            timestamptz NOT NULL DEFAULT now(),
        reason        text NOT NULL,
        old_state     text NOT NULL,
        new_state     text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE validation_violation_audit`);
    await q.query(`DROP TABLE validation_violation`);
    await q.query(`DROP TABLE validation_rule_version`);
    await q.query(`DROP TABLE validation_rule`);
  }
}

export const VALIDATION_MIGRATIONS = [CreateValidationRules1765400600000];
