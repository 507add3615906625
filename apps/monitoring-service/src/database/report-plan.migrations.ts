import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A report snapshot names the plan it evaluates (and that plan's version), so `/v1/plans/{id}/reports`
 * lists a plan's reports without reading every stored input. Snapshots taken before reports took a plan
 * evaluated the district's 2021–2025 plan, the only one there was; they get its id and no version (the
 * plan was not versioned then). New snapshots must name their plan, so the default goes after the backfill.
 */
export class ReportSnapshotPlan1765400000300 implements MigrationInterface {
  name = 'ReportSnapshotPlan1765400000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE report_snapshot ADD COLUMN plan_id text NOT NULL DEFAULT 'yunyan-district-2021-2025', ADD COLUMN plan_version integer NULL`);
    await q.query(`ALTER TABLE report_snapshot ALTER COLUMN plan_id DROP DEFAULT`);
    await q.query(`CREATE INDEX report_snapshot_plan_idx ON report_snapshot (plan_id, generated_at DESC, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX report_snapshot_plan_idx`);
    await q.query(`ALTER TABLE report_snapshot DROP COLUMN plan_version, DROP COLUMN plan_id`);
  }
}

export const REPORT_PLAN_MIGRATIONS = [ReportSnapshotPlan1765400000300];
