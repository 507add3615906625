import type { DatasetType } from '@wdp/contracts';
import type { EntityManager } from 'typeorm';
import type { RuleDefinition } from '../validation/rule';
import type { ReportContent } from './assemble-report';
import type { AlertHistoryEntry, ReceivedData, ReportInput, ReportKind, ReportValue } from './report-input';

export interface ReportSnapshotMeta {
  id: string;
  kind: ReportKind;
  year: number;
  generatedAt: string;
  generatedBy: string;
  methodologyVersion: string;
  catalogueVersion: string;
  dataRevision: string;
  disclosureK: number;
  contentHash: string;
  planId: string;
  /** Null for snapshots taken before plans were versioned. */
  planVersion: number | null;
}

export interface ReportSnapshot extends ReportSnapshotMeta {
  input: ReportInput;
  content: ReportContent;
}

export interface ApprovalCellRow {
  department: string;
  datasetType: DatasetType;
  kind: string;
  period: string;
  area: string;
  state: string | null;
  blocked: boolean;
  counted: boolean;
}

export interface ViolationRow {
  ruleCode: string;
  ruleVersion: number;
  severity: string;
  areaCode: string;
  period: string;
  left: number;
  right: number;
  state: string;
  overrideReason: string | null;
  definition: RuleDefinition;
}

const META = `id, kind, year, generated_at AS "generatedAt", generated_by AS "generatedBy", methodology_version AS "methodologyVersion",
  catalogue_version AS "catalogueVersion", data_revision AS "dataRevision", disclosure_k AS "disclosureK", content_hash AS "contentHash",
  plan_id AS "planId", plan_version AS "planVersion"`;

const toMeta = <T extends ReportSnapshotMeta>(r: T): T => ({ ...r, generatedAt: new Date(r.generatedAt).toISOString() });

/** SQL for `report_snapshot` and the reads a report is assembled from; no decisions here. */
export class ReportRepository {
  async values(manager: EntityManager, areaCode: string, toYear: number): Promise<ReportValue[]> {
    const rows = await manager.query(
      `SELECT indicator_code AS "indicatorCode", sex, year, value, numerator, denominator FROM indicator_value
        WHERE area_code = $1 AND year <= $2 ORDER BY indicator_code, sex, year`,
      [areaCode, toYear],
    );
    return rows.map((r: ReportValue) => ({ ...r, sex: r.sex.trim() as ReportValue['sex'], year: Number(r.year) }));
  }

  /** The parity reference values the assessments currently compare against. */
  async references(manager: EntityManager, areaCode: string, toYear: number): Promise<{ indicatorCode: string; year: number; value: number }[]> {
    const rows = await manager.query(
      `SELECT DISTINCT ON (indicator_code) indicator_code AS "indicatorCode", year, (components->>'referenceValue')::float8 AS value
         FROM assessment WHERE area_code = $1 AND components ? 'referenceValue' AND year IS NOT NULL AND year <= $2
        ORDER BY indicator_code, year DESC, sex`,
      [areaCode, toYear],
    );
    return rows.map((r: { indicatorCode: string; year: number; value: number }) => ({ ...r, year: Number(r.year) }));
  }

  async received(manager: EntityManager, areaCode: string, year: number): Promise<ReceivedData> {
    const returns = await manager.query(
      `SELECT return_kind AS source, array_agg(DISTINCT period ORDER BY period) AS periods FROM received_return
        WHERE area_code = $1 AND NOT withdrawn AND (period = $2 OR period LIKE $2 || '-%') GROUP BY 1 ORDER BY 1`,
      [areaCode, String(year)],
    );
    // Yearly roll-ups where they exist; snapshot kinds are kept by month only (their year is the latest month).
    const records = await manager.query(
      `SELECT input_key AS source, COALESCE(sum(count) FILTER (WHERE granularity = 'Y'), max(count) FILTER (WHERE granularity = 'M'))::float8 AS count
         FROM record_fact WHERE area_code = $1 AND year = $2 GROUP BY input_key HAVING bool_or(count <> 0) ORDER BY 1`,
      [areaCode, year],
    );
    return { returns, records };
  }

  /**
   * The district's alerts of these indicators, each a raise and its resolution (none while open). The data year
   * is the latest year of the series the alert was decided on (its components' series), or for missing data the
   * year of the first overdue period (from there on the data were missing), so an evaluation can leave out alerts
   * about data after its year.
   */
  async alertHistory(manager: EntityManager, areaCode: string, indicatorCodes: readonly string[]): Promise<AlertHistoryEntry[]> {
    const rows = await manager.query(
      `SELECT indicator_code AS "indicatorCode", trim(sex) AS sex, kind, raised_at AS "raisedAt", resolved_at AS "resolvedAt",
              COALESCE(
                (SELECT max((s->>'year')::int) FROM jsonb_array_elements(CASE WHEN jsonb_typeof(components->'series') = 'array' THEN components->'series' ELSE '[]'::jsonb END) s),
                (SELECT min(left(m->>'period', 4)::int) FROM jsonb_array_elements(CASE WHEN jsonb_typeof(components->'submission'->'missing') = 'array' THEN components->'submission'->'missing' ELSE '[]'::jsonb END) m
                  WHERE m->>'period' ~ '^[0-9]{4}')
              ) AS "dataYear"
         FROM alert WHERE area_code = $1 AND indicator_code = ANY($2::text[])
        ORDER BY indicator_code, raised_at, sex, kind, id`,
      [areaCode, indicatorCodes],
    );
    return rows.map((r: AlertHistoryEntry & { raisedAt: Date; resolvedAt: Date | null }) => ({
      ...r,
      raisedAt: new Date(r.raisedAt).toISOString(),
      resolvedAt: r.resolvedAt === null ? null : new Date(r.resolvedAt).toISOString(),
      dataYear: r.dataYear === null ? null : Number(r.dataYear),
    }));
  }

  /**
   * Every cell of `areaCode` with an approval state or data received, for periods of these years, with its stored
   * state (null: none, a dataset approved automatically), whether a validation error blocks it and whether it counts
   * (held_cell). A cell whose data were all withdrawn and that has no state is no cell.
   */
  async approvalCells(manager: EntityManager, areaCode: string, fromYear: number, toYear: number): Promise<ApprovalCellRow[]> {
    return manager.query(
      `SELECT c.department, c.dataset_type AS "datasetType", c.kind, c.period, c.area, a.state, coalesce(a.blocked, false) AS blocked,
              NOT EXISTS (SELECT 1 FROM held_cell h WHERE (h.department, h.dataset_type, h.kind, h.period, h.area) = (c.department, c.dataset_type, c.kind, c.period, c.area)) AS counted
         FROM (SELECT department, dataset_type, kind, period, area FROM approval_cell
               UNION SELECT department, dataset_type, kind, period, area FROM cell_receipt WHERE items > 0) c
         LEFT JOIN approval_cell a USING (department, dataset_type, kind, period, area)
        WHERE c.area = $1 AND left(c.period, 4)::int BETWEEN $2 AND $3
        ORDER BY c.department, c.dataset_type, c.kind, c.period`,
      [areaCode, fromYear, toYear],
    );
  }

  /** The validation violations of periods in these years, in every area, with the definition of the rule version that saw them. */
  async violations(manager: EntityManager, fromYear: number, toYear: number): Promise<ViolationRow[]> {
    return manager.query(
      `SELECT v.rule_code AS "ruleCode", v.rule_version AS "ruleVersion", v.severity, v.area_code AS "areaCode", v.period,
              v.left_value AS "left", v.right_value AS "right", v.state, v.override_reason AS "overrideReason", r.definition
         FROM validation_violation v JOIN validation_rule_version r ON (r.rule_code, r.version) = (v.rule_code, v.rule_version)
        WHERE left(v.period, 4)::int BETWEEN $1 AND $2
        ORDER BY v.rule_code, v.period, v.area_code`,
      [fromYear, toYear],
    );
  }

  async insert(manager: EntityManager, s: ReportSnapshot): Promise<void> {
    await manager.query(
      `INSERT INTO report_snapshot (id, kind, year, generated_at, generated_by, methodology_version, catalogue_version, data_revision, disclosure_k, input, content, content_hash, plan_id, plan_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12, $13, $14)`,
      [s.id, s.kind, s.year, s.generatedAt, s.generatedBy, s.methodologyVersion, s.catalogueVersion, s.dataRevision, s.disclosureK, JSON.stringify(s.input), JSON.stringify(s.content), s.contentHash, s.planId, s.planVersion],
    );
  }

  async byId(manager: EntityManager, id: string): Promise<ReportSnapshot | undefined> {
    const [row] = await manager.query(`SELECT ${META}, input, content FROM report_snapshot WHERE id = $1`, [id]);
    return row ? toMeta(row) : undefined;
  }

  async list(manager: EntityManager, filter: { kind?: string; year?: number; planId?: string }, limit: number, offset: number): Promise<{ items: ReportSnapshotMeta[]; total: number }> {
    const params = [filter.kind ?? null, filter.year ?? null, filter.planId ?? null];
    const where = `WHERE ($1::text IS NULL OR kind = $1) AND ($2::int IS NULL OR year = $2) AND ($3::text IS NULL OR plan_id = $3)`;
    const [{ total }] = await manager.query(`SELECT count(*)::int AS total FROM report_snapshot ${where}`, params);
    const rows = await manager.query(`SELECT ${META} FROM report_snapshot ${where} ORDER BY generated_at DESC, id LIMIT $4 OFFSET $5`, [...params, limit, offset]);
    return { items: rows.map(toMeta), total };
  }
}
