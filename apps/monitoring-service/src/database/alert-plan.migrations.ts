import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An alert names the plan it is about and that plan's version. Alerts are raised for the monitored, adopted
 * district plan only (drafts and other levels' plans are assessed on demand and raise none), so every alert so far
 * is about the district's 2021–2025 plan: they get its id and the version the registry holds now (none when the
 * registry has not been seeded yet). New alerts must name their plan, so the default goes after the backfill.
 */
export class AlertPlan1765400700000 implements MigrationInterface {
  name = 'AlertPlan1765400700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alert ADD COLUMN plan_id text NOT NULL DEFAULT 'yunyan-district-2021-2025', ADD COLUMN plan_version integer NULL`);
    await q.query(`UPDATE alert SET plan_version = (SELECT max(version) FROM plan_version WHERE plan_id = 'yunyan-district-2021-2025')`);
    await q.query(`ALTER TABLE alert ALTER COLUMN plan_id DROP DEFAULT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alert DROP COLUMN plan_version, DROP COLUMN plan_id`);
  }
}

export const ALERT_PLAN_MIGRATIONS = [AlertPlan1765400700000];
