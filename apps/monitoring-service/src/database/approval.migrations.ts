import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Approved and provisional figures (issue 14, docs/approval.md). `approval_cell` holds the newest state each cell's
 * events announced; `cell_receipt` what monitoring has received of every cell (items and revisions summed, as
 * deltas, for every dataset, so a dataset switched to manual approval later is measured from its first record).
 * `held_cell` is the cells the approved view leaves out: those with a state that are not approved, or approved
 * with other data than was received. It is isCounted (approval/approval-cells.ts) in SQL: a cell without a state
 * is approved automatically and never held, so with automatic approval, the default, nothing is held.
 */
export class CreateApprovalCells1765500000100 implements MigrationInterface {
  name = 'CreateApprovalCells1765500000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE approval_cell (
        department   text NOT NULL,
        dataset_type text NOT NULL CHECK (dataset_type IN ('record', 'return')),
        kind         text NOT NULL,
        period       text NOT NULL,
        area         text NOT NULL,
        state        text NOT NULL CHECK (state IN ('draft', 'submitted', 'returned', 'approved')),
        version      integer NOT NULL,
        fingerprint  jsonb NULL,
        comment      text NULL,
        changed_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (department, dataset_type, kind, period, area)
      )`);
    await q.query(`
      CREATE TABLE cell_receipt (
        department   text NOT NULL,
        dataset_type text NOT NULL,
        kind         text NOT NULL,
        period       text NOT NULL,
        area         text NOT NULL,
        items        integer NOT NULL,
        revision_sum bigint NOT NULL,
        PRIMARY KEY (department, dataset_type, kind, period, area)
      )`);
    await q.query(`
      CREATE VIEW held_cell AS
      SELECT a.department, a.dataset_type, a.kind, a.period, a.area
        FROM approval_cell a
        LEFT JOIN cell_receipt r USING (department, dataset_type, kind, period, area)
       WHERE NOT (a.state = 'approved' AND a.fingerprint IS NOT NULL
                  AND (a.fingerprint->>'items')::int = coalesce(r.items, 0)
                  AND (a.fingerprint->>'revisionSum')::bigint = coalesce(r.revision_sum, 0))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW held_cell`);
    await q.query(`DROP TABLE cell_receipt`);
    await q.query(`DROP TABLE approval_cell`);
  }
}

/**
 * A cell approved at its departmental service, which cannot see monitoring's validation rules, while an open error
 * violation of a rule reading its dataset blocks it (approval-blocks.ts): held, "approved, pending validation",
 * until the violation is resolved or overridden.
 */
export class AddApprovalBlocked1765500000200 implements MigrationInterface {
  name = 'AddApprovalBlocked1765500000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE approval_cell ADD COLUMN blocked boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE OR REPLACE VIEW held_cell AS
      SELECT a.department, a.dataset_type, a.kind, a.period, a.area
        FROM approval_cell a
        LEFT JOIN cell_receipt r USING (department, dataset_type, kind, period, area)
       WHERE a.blocked
          OR NOT (a.state = 'approved' AND a.fingerprint IS NOT NULL
                  AND (a.fingerprint->>'items')::int = coalesce(r.items, 0)
                  AND (a.fingerprint->>'revisionSum')::bigint = coalesce(r.revision_sum, 0))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE VIEW held_cell AS
      SELECT a.department, a.dataset_type, a.kind, a.period, a.area
        FROM approval_cell a
        LEFT JOIN cell_receipt r USING (department, dataset_type, kind, period, area)
       WHERE NOT (a.state = 'approved' AND a.fingerprint IS NOT NULL
                  AND (a.fingerprint->>'items')::int = coalesce(r.items, 0)
                  AND (a.fingerprint->>'revisionSum')::bigint = coalesce(r.revision_sum, 0))`);
    await q.query(`ALTER TABLE approval_cell DROP COLUMN blocked`);
  }
}

export const APPROVAL_MIGRATIONS = [CreateApprovalCells1765500000100, AddApprovalBlocked1765500000200];
