import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `indicator_domain_idx` (domain, code) serves no query: every SQL statement on `indicator` reads it whole
 * (ORDER BY code), by its primary key or counts it, and the by-domain filters of the indicator list, the
 * assessments and the reports run over the catalogue held in memory (query.service.ts, assemble-report.ts).
 * Every other index of this database was checked against the statements that use it (EXPLAIN on seeded data;
 * the table is in the issue 16 report) and is kept.
 */
export class DropUnusedIndicatorDomainIndex1765300000100 implements MigrationInterface {
  name = 'DropUnusedIndicatorDomainIndex1765300000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS indicator_domain_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX indicator_domain_idx ON indicator (domain, code)`);
  }
}

export const UNUSED_INDEX_MIGRATIONS = [DropUnusedIndicatorDomainIndex1765300000100];
