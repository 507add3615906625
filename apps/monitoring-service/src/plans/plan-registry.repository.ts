import { Injectable } from '@nestjs/common';
import type { PlanDocument, PlanLevel, PlanStatus } from '@wdp/plans';
import type { DataSource, EntityManager } from 'typeorm';
import type { PlanFieldChange } from './plan-changes';

type Db = DataSource | EntityManager;

/** How a version came in: the admin API, the seed at start, an admin's target edit, a catalogue update at start. */
export type PlanOrigin = 'api' | 'seed' | 'target-edit' | 'catalogue';

export interface PlanFilter {
  level?: PlanLevel;
  status?: PlanStatus;
  area?: string;
}

/** A plan as its latest version describes it. */
export interface PlanSummary {
  id: string;
  version: number;
  status: PlanStatus;
  level: PlanLevel;
  area: string;
  name: { zh: string; en: string };
  period: { start: number; end: number };
  /** Whether this is the plan the engine assesses, whose targets in force are the indicator table's. */
  monitored: boolean;
  targets: number;
  updatedAt: string;
}

export interface PlanVersionInfo {
  planId: string;
  version: number;
  status: PlanStatus;
  contentHash: string;
  importedBy: string;
  importedAt: string;
  origin: PlanOrigin;
  reason: string | null;
  targets: number;
}

export interface PlanAuditRow {
  id: string;
  planId: string;
  version: number;
  changedAt: string;
  changedBy: string;
  origin: PlanOrigin;
  field: string;
  oldValue: unknown;
  newValue: unknown;
  reason: string | null;
}

export interface NewVersion {
  doc: PlanDocument;
  contentHash: string;
  importedBy: string;
  origin: PlanOrigin;
  reason: string | null;
}

const SUMMARY = `
  SELECT p.id, p.latest_version AS version, p.status, p.level, p.area, p.name_zh, p.name_en, p.period_start, p.period_end, p.monitored, p.updated_at,
         (SELECT count(*)::int FROM plan_target t WHERE t.plan_id = p.id AND t.version = p.latest_version) AS targets
    FROM plan p`;

interface SummaryRow {
  id: string;
  version: number;
  status: PlanStatus;
  level: PlanLevel;
  area: string;
  name_zh: string;
  name_en: string;
  period_start: number;
  period_end: number;
  monitored: boolean;
  updated_at: Date;
  targets: number;
}

const toSummary = (r: SummaryRow): PlanSummary => ({
  id: r.id,
  version: r.version,
  status: r.status,
  level: r.level,
  area: r.area,
  name: { zh: r.name_zh, en: r.name_en },
  period: { start: r.period_start, end: r.period_end },
  monitored: r.monitored,
  targets: r.targets,
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** `$n` placeholders and values for the filters set, in a fixed order. */
function filterClause(filter: PlanFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const conditions: string[] = [];
  for (const [column, value] of [['level', filter.level], ['status', filter.status], ['area', filter.area]] as const) {
    if (value === undefined) continue;
    params.push(value);
    conditions.push(`p.${column} = $${params.length}`);
  }
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/** SQL for the plan registry's tables; no decisions here. */
@Injectable()
export class PlanRegistryRepository {
  /** Serialises writers of one plan until the transaction ends, so version numbers are taken one at a time. */
  async lockPlan(db: EntityManager, id: string): Promise<void> {
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('wdp.monitoring.plan'), hashtext($1))`, [id]);
  }

  async summary(db: Db, id: string): Promise<PlanSummary | undefined> {
    const [row] = await db.query(`${SUMMARY} WHERE p.id = $1`, [id]);
    return row ? toSummary(row) : undefined;
  }

  async list(db: Db, filter: PlanFilter, limit: number | null = null, offset = 0): Promise<{ items: PlanSummary[]; total: number }> {
    const { where, params } = filterClause(filter);
    const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM plan p ${where}`, params);
    const rows: SummaryRow[] = await db.query(
      // Higher levels first (national → district), then by area and id: a stable order for paging.
      `${SUMMARY} ${where}
        ORDER BY array_position(ARRAY['national', 'province', 'city', 'district'], p.level), p.area, p.id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items: rows.map(toSummary), total };
  }

  /** The document of a version, the latest when `version` is undefined. */
  async document(db: Db, id: string, version?: number): Promise<PlanDocument | undefined> {
    const [row] = await db.query(
      version === undefined
        ? `SELECT v.document FROM plan_version v JOIN plan p ON p.id = v.plan_id AND v.version = p.latest_version WHERE p.id = $1`
        : `SELECT document FROM plan_version WHERE plan_id = $1 AND version = $2`,
      version === undefined ? [id] : [id, version],
    );
    return row?.document;
  }

  /** The latest documents of the plans with a target on the indicator, higher levels first. */
  async targeting(db: Db, indicatorCode: string): Promise<PlanDocument[]> {
    const rows: { document: PlanDocument }[] = await db.query(
      `SELECT v.document FROM plan p
         JOIN plan_version v ON v.plan_id = p.id AND v.version = p.latest_version
        WHERE EXISTS (SELECT 1 FROM plan_target t WHERE t.plan_id = p.id AND t.version = p.latest_version AND t.indicator_code = $1)
        ORDER BY array_position(ARRAY['national', 'province', 'city', 'district'], p.level), p.area, p.id`,
      [indicatorCode],
    );
    return rows.map((r) => r.document);
  }

  async versions(db: Db, id: string): Promise<PlanVersionInfo[]> {
    const rows = await db.query(
      `SELECT v.plan_id AS "planId", v.version, v.status, v.content_hash AS "contentHash", v.imported_by AS "importedBy", v.imported_at AS "importedAt",
              v.origin, v.reason, jsonb_array_length(v.document -> 'targets') AS targets
         FROM plan_version v WHERE v.plan_id = $1 ORDER BY v.version`,
      [id],
    );
    return rows.map((r: PlanVersionInfo) => ({ ...r, importedAt: new Date(r.importedAt).toISOString() }));
  }

  async audit(db: Db, id: string, limit: number, offset: number): Promise<{ items: PlanAuditRow[]; total: number }> {
    const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM plan_audit WHERE plan_id = $1`, [id]);
    const rows = await db.query(
      `SELECT id::text, plan_id AS "planId", version, changed_at AS "changedAt", changed_by AS "changedBy", origin, field,
              old_value AS "oldValue", new_value AS "newValue", reason
         FROM plan_audit WHERE plan_id = $1 ORDER BY changed_at DESC, id DESC LIMIT $2 OFFSET $3`,
      [id, limit, offset],
    );
    return { items: rows.map((r: PlanAuditRow) => ({ ...r, changedAt: new Date(r.changedAt).toISOString() })), total };
  }

  /** The plan's row for its first version, or its latest fields for a later one. */
  async upsertPlan(db: EntityManager, doc: PlanDocument, monitored: boolean): Promise<void> {
    await db.query(
      `INSERT INTO plan (id, name_zh, name_en, level, area, period_start, period_end, status, latest_version, monitored)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (id) DO UPDATE SET name_zh = $2, name_en = $3, level = $4, area = $5, period_start = $6, period_end = $7, status = $8,
         latest_version = $9, updated_at = now()`,
      [doc.id, doc.name.zh, doc.name.en, doc.level, doc.area, doc.period.start, doc.period.end, doc.status, doc.version, monitored],
    );
  }

  async insertVersion(db: EntityManager, v: NewVersion): Promise<PlanVersionInfo> {
    const [row] = await db.query(
      `INSERT INTO plan_version (plan_id, version, status, document, content_hash, imported_by, origin, reason)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8) RETURNING imported_at`,
      [v.doc.id, v.doc.version, v.doc.status, JSON.stringify(v.doc), v.contentHash, v.importedBy, v.origin, v.reason],
    );
    // One statement for all targets, however many the plan has.
    const t = v.doc.targets;
    await db.query(
      `INSERT INTO plan_target (plan_id, version, indicator_code, target_year, comparator, value, value_status, tolerance, baseline_year, baseline_value)
       SELECT $1, $2, * FROM unnest($3::text[], $4::int[], $5::text[], $6::float8[], $7::text[], $8::float8[], $9::int[], $10::float8[])`,
      [
        v.doc.id, v.doc.version, t.map((x) => x.indicator), t.map((x) => x.targetYear), t.map((x) => x.comparator), t.map((x) => x.value),
        t.map((x) => x.valueStatus), t.map((x) => x.tolerance ?? null), t.map((x) => x.baseline?.year ?? null), t.map((x) => x.baseline?.value ?? null),
      ],
    );
    return {
      planId: v.doc.id, version: v.doc.version, status: v.doc.status, contentHash: v.contentHash, importedBy: v.importedBy,
      importedAt: new Date(row.imported_at).toISOString(), origin: v.origin, reason: v.reason, targets: t.length,
    };
  }

  async addAudit(db: EntityManager, v: NewVersion, changes: readonly PlanFieldChange[]): Promise<void> {
    if (changes.length === 0) return;
    await db.query(
      `INSERT INTO plan_audit (plan_id, version, changed_by, origin, field, old_value, new_value, reason)
       SELECT $1, $2, $3, $4, field, old_value, new_value, $5 FROM unnest($6::text[], $7::jsonb[], $8::jsonb[]) AS c (field, old_value, new_value)`,
      [
        v.doc.id, v.doc.version, v.importedBy, v.origin, v.reason, changes.map((c) => c.field),
        changes.map((c) => JSON.stringify(c.old ?? null)), changes.map((c) => JSON.stringify(c.new ?? null)),
      ],
    );
  }
}
