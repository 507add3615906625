import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The single scope every alert action, subscription change and report generation once took. */
const RETIRED = 'write:monitoring';
/** What it covered, now one scope each (libs/ingestion MONITORING_SCOPES). */
const SUCCESSORS = ['handle:alerts', 'manage:subscriptions', 'generate:reports'];

/**
 * `write:monitoring` is split and leaves the vocabulary: a key that held it gets every scope it covered, so
 * a deployment's monitoring team keeps working, and the change is audited per key. Order of a key's scopes
 * is kept (the successors go at the end), duplicates dropped.
 */
export class SplitMonitoringWriteScope1765000009100 implements MigrationInterface {
  name = 'SplitMonitoringWriteScope1765000009100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `WITH changed AS (
         UPDATE api_keys SET scopes = ARRAY(
             SELECT s FROM unnest(array_remove(scopes, $1) || $2::text[]) WITH ORDINALITY AS t(s, n) GROUP BY s ORDER BY min(n))
          WHERE $1 = ANY(scopes)
        RETURNING id, scopes)
       INSERT INTO audit_log (api_key_id, action, resource, resource_id, detail)
       SELECT NULL, 'api-key.scopes-migrated', 'api-key', id::text, jsonb_build_object('replaced', $1::text, 'scopes', to_jsonb(scopes)) FROM changed`,
      [RETIRED, SUCCESSORS],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE api_keys SET scopes = ARRAY(
           SELECT s FROM unnest(scopes || ARRAY[$1::text]) WITH ORDINALITY AS t(s, n) WHERE s <> ALL($2::text[]) GROUP BY s ORDER BY min(n))
        WHERE scopes && $2::text[]`,
      [RETIRED, SUCCESSORS],
    );
  }
}

export const SCOPE_SPLIT_MIGRATIONS = [SplitMonitoringWriteScope1765000009100];
