import type { IndicatorDefinition } from '@wdp/indicators';
import type { DataSource, EntityManager } from 'typeorm';
import type { FieldChange } from './seed-plan';
import type { StoredIndicator, TargetField, TargetValues } from './stored-indicator';

type Db = DataSource | EntityManager;

interface IndicatorRow {
  code: string;
  entry: IndicatorDefinition;
  catalogue_version: string;
  target_value: number | null;
  tolerance: number | null;
  baseline_value: number | null;
  overridden: TargetField[];
  revision: number;
  updated_at: Date;
}

export interface AuditRow {
  id: string;
  indicatorCode: string;
  changedAt: string;
  changedBy: string;
  source: 'catalogue' | 'api';
  field: string;
  oldValue: unknown;
  newValue: unknown;
  reason: string | null;
}

export interface HistoryRow {
  revision: number;
  targetValue: number | null;
  targetYear: number;
  tolerance: number | null;
  baselineYear: number;
  baselineValue: number | null;
  source: 'catalogue' | 'api';
  catalogueVersion: string;
  validFrom: string;
}

const toStored = (r: IndicatorRow): StoredIndicator => ({
  code: r.code,
  entry: r.entry,
  catalogueVersion: r.catalogue_version,
  targets: { targetValue: r.target_value, tolerance: r.tolerance, baselineValue: r.baseline_value },
  overridden: r.overridden,
  revision: r.revision,
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** SQL for the catalogue tables; no decisions here. */
export class IndicatorStoreRepository {
  async all(db: Db): Promise<StoredIndicator[]> {
    const rows: IndicatorRow[] = await db.query(`SELECT * FROM indicator ORDER BY code`);
    return rows.map(toStored);
  }

  async one(db: Db, code: string, forUpdate = false): Promise<StoredIndicator | undefined> {
    const [row] = await db.query(`SELECT * FROM indicator WHERE code = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [code]);
    return row ? toStored(row) : undefined;
  }

  /** A number that changes whenever any indicator row changes (revisions only grow). */
  async fingerprint(db: Db): Promise<string> {
    const [{ f }] = await db.query(`SELECT count(*)::text || ':' || coalesce(sum(revision), 0)::text AS f FROM indicator`);
    return f;
  }

  async insert(db: Db, entry: IndicatorDefinition, targets: TargetValues, version: string): Promise<void> {
    await db.query(
      `INSERT INTO indicator (code, name_zh, name_en, domain, department, unit, factor, comparator, direction, target_value, target_year,
         tolerance, baseline_year, baseline_value, sex_disaggregated, definition, entry, catalogue_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb, $17::jsonb, $18)
       ON CONFLICT (code) DO NOTHING`,
      [
        entry.code, entry.nameZh, entry.nameEn, entry.domain, entry.department, entry.unit, entry.factor, entry.comparator, entry.direction,
        targets.targetValue, entry.targetYear, targets.tolerance, entry.baseline.year, targets.baselineValue, entry.sexDisaggregated,
        JSON.stringify(entry.definition), JSON.stringify(entry), version,
      ],
    );
  }

  /** Writes a new definition and/or targets, bumping the revision; returns the new revision. */
  async update(db: Db, code: string, entry: IndicatorDefinition, targets: TargetValues, version: string, overridden: TargetField[]): Promise<number> {
    const [rows] = await db.query(
      `UPDATE indicator SET name_zh = $2, name_en = $3, domain = $4, department = $5, unit = $6, factor = $7, comparator = $8, direction = $9,
         target_value = $10, target_year = $11, tolerance = $12, baseline_year = $13, baseline_value = $14, sex_disaggregated = $15,
         definition = $16::jsonb, entry = $17::jsonb, catalogue_version = $18, overridden = $19, revision = revision + 1, updated_at = now()
       WHERE code = $1 RETURNING revision`,
      [
        code, entry.nameZh, entry.nameEn, entry.domain, entry.department, entry.unit, entry.factor, entry.comparator, entry.direction,
        targets.targetValue, entry.targetYear, targets.tolerance, entry.baseline.year, targets.baselineValue, entry.sexDisaggregated,
        JSON.stringify(entry.definition), JSON.stringify(entry), version, overridden,
      ],
    );
    return rows[0].revision;
  }

  async addHistory(db: Db, code: string, revision: number, entry: IndicatorDefinition, targets: TargetValues, source: 'catalogue' | 'api', version: string): Promise<void> {
    await db.query(
      `INSERT INTO indicator_target_history (indicator_code, revision, target_value, target_year, tolerance, baseline_year, baseline_value, source, catalogue_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (indicator_code, revision) DO NOTHING`,
      [code, revision, targets.targetValue, entry.targetYear, targets.tolerance, entry.baseline.year, targets.baselineValue, source, version],
    );
  }

  async addAudit(db: Db, code: string, changedBy: string, source: 'catalogue' | 'api', changes: readonly FieldChange[], reason: string | null): Promise<void> {
    for (const c of changes) {
      await db.query(
        `INSERT INTO indicator_audit (indicator_code, changed_by, source, field, old_value, new_value, reason) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)`,
        [code, changedBy, source, c.field, JSON.stringify(c.old ?? null), JSON.stringify(c.new ?? null), reason],
      );
    }
  }

  async audit(db: Db, code: string, limit: number, offset: number): Promise<{ items: AuditRow[]; total: number }> {
    const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM indicator_audit WHERE indicator_code = $1`, [code]);
    const rows = await db.query(
      `SELECT id::text, indicator_code AS "indicatorCode", changed_at AS "changedAt", changed_by AS "changedBy", source, field,
              old_value AS "oldValue", new_value AS "newValue", reason
         FROM indicator_audit WHERE indicator_code = $1 ORDER BY changed_at DESC, id DESC LIMIT $2 OFFSET $3`,
      [code, limit, offset],
    );
    return { items: rows.map((r: AuditRow) => ({ ...r, changedAt: new Date(r.changedAt).toISOString() })), total };
  }

  async history(db: Db, code: string): Promise<HistoryRow[]> {
    const rows = await db.query(
      `SELECT revision, target_value AS "targetValue", target_year AS "targetYear", tolerance, baseline_year AS "baselineYear",
              baseline_value AS "baselineValue", source, catalogue_version AS "catalogueVersion", valid_from AS "validFrom"
         FROM indicator_target_history WHERE indicator_code = $1 ORDER BY revision`,
      [code],
    );
    return rows.map((r: HistoryRow) => ({ ...r, validFrom: new Date(r.validFrom).toISOString() }));
  }

  async recordSeed(db: Db, version: string, indicators: number): Promise<void> {
    await db.query(`INSERT INTO catalogue_seed (catalogue_version, indicators) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [version, indicators]);
  }
}
