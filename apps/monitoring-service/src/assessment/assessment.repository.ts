import { chunk, maxRowsPerStatement } from '@wdp/messaging';
import type { EntityManager } from 'typeorm';
import type { AssessmentRow } from './assess-area';

export interface IndicatorArea {
  indicatorCode: string;
  areaCode: string;
}

export interface ValueRow {
  indicatorCode: string;
  areaCode: string;
  sex: string;
  year: number;
  value: number;
  numerator: number | null;
  denominator: number | null;
}

export interface StoredAssessment {
  indicatorCode: string;
  areaCode: string;
  sex: string;
  year: number | null;
  status: string;
  alertKinds: string[];
  components: unknown;
  methodologyVersion: string;
  catalogueRevision: number;
  computedAt: string;
}

export interface AssessmentFilter {
  indicatorCodes?: string[];
  areaCode?: string;
  sex?: string;
  status?: string;
  alertKind?: string;
}

const pairParams = (pairs: readonly IndicatorArea[]) => [pairs.map((p) => p.indicatorCode), pairs.map((p) => p.areaCode)];
const IN_PAIRS = `(indicator_code, area_code) IN (SELECT * FROM unnest($1::text[], $2::text[]))`;

/** SQL for `indicator_value` and `assessment`; no decisions here. */
export class AssessmentRepository {
  /**
   * Replaces the assessments of the given indicator × area pairs, and their values from each pair's
   * `fromYear` on (null: every year), with freshly computed ones. Values of earlier years stay.
   */
  async replace(manager: EntityManager, pairs: readonly (IndicatorArea & { fromYear: number | null })[], values: readonly ValueRow[], rows: readonly (AssessmentRow & IndicatorArea & { catalogueRevision: number; methodologyVersion: string })[]): Promise<void> {
    if (pairs.length === 0) return;
    await manager.query(
      `DELETE FROM indicator_value v USING unnest($1::text[], $2::text[], $3::int[]) AS p (indicator_code, area_code, from_year)
        WHERE v.indicator_code = p.indicator_code AND v.area_code = p.area_code AND (p.from_year IS NULL OR v.year >= p.from_year)`,
      [...pairParams(pairs), pairs.map((p) => p.fromYear)],
    );
    await manager.query(`DELETE FROM assessment WHERE ${IN_PAIRS}`, pairParams(pairs));
    for (const part of chunk(values, maxRowsPerStatement(7, 2_000))) {
      const params: unknown[] = [];
      const tuples = part.map((v) => {
        const b = params.length;
        params.push(v.indicatorCode, v.areaCode, v.sex, v.year, v.value, v.numerator, v.denominator);
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7})`;
      });
      await manager.query(
        `INSERT INTO indicator_value (indicator_code, area_code, sex, year, value, numerator, denominator) VALUES ${tuples.join(', ')}`,
        params,
      );
    }
    for (const part of chunk(rows, maxRowsPerStatement(9, 500))) {
      const params: unknown[] = [];
      const tuples = part.map((r) => {
        const b = params.length;
        params.push(r.indicatorCode, r.areaCode, r.sex, r.year, r.status, r.alertKinds, JSON.stringify(r.components), r.methodologyVersion, r.catalogueRevision);
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}::text[], $${b + 7}::jsonb, $${b + 8}, $${b + 9})`;
      });
      await manager.query(
        `INSERT INTO assessment (indicator_code, area_code, sex, year, status, alert_kinds, components, methodology_version, catalogue_revision)
         VALUES ${tuples.join(', ')}`,
        params,
      );
    }
  }

  async find(manager: EntityManager, filter: AssessmentFilter, limit: number, offset: number, withComponents: boolean): Promise<{ items: StoredAssessment[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.indicatorCodes) add('indicator_code = ANY(?)', filter.indicatorCodes);
    if (filter.areaCode) add('area_code = ?', filter.areaCode);
    if (filter.sex) add('sex = ?', filter.sex);
    if (filter.status) add('status = ?', filter.status);
    if (filter.alertKind) add('? = ANY(alert_kinds)', filter.alertKind);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await manager.query(`SELECT count(*)::int AS total FROM assessment ${clause}`, params);
    const rows = await manager.query(
      `SELECT indicator_code AS "indicatorCode", area_code AS "areaCode", sex, year, status, alert_kinds AS "alertKinds",
              ${withComponents ? 'components' : `'null'::jsonb AS components`}, methodology_version AS "methodologyVersion",
              catalogue_revision AS "catalogueRevision", computed_at AS "computedAt"
         FROM assessment ${clause}
        ORDER BY indicator_code, area_code, CASE sex WHEN 'T' THEN 0 WHEN 'F' THEN 1 WHEN 'M' THEN 2 ELSE 3 END
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items: rows.map((r: StoredAssessment) => ({ ...r, computedAt: new Date(r.computedAt).toISOString() })), total };
  }

  async values(manager: EntityManager, filter: { indicatorCode?: string; areaCode?: string; sex?: string; fromYear?: number; toYear?: number }, limit: number, offset: number): Promise<{ items: ValueRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.indicatorCode) add('indicator_code = ?', filter.indicatorCode);
    if (filter.areaCode) add('area_code = ?', filter.areaCode);
    if (filter.sex) add('sex = ?', filter.sex);
    if (filter.fromYear !== undefined) add('year >= ?', filter.fromYear);
    if (filter.toYear !== undefined) add('year <= ?', filter.toYear);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await manager.query(`SELECT count(*)::int AS total FROM indicator_value ${clause}`, params);
    const rows = await manager.query(
      `SELECT indicator_code AS "indicatorCode", area_code AS "areaCode", sex, year, value, numerator, denominator
         FROM indicator_value ${clause} ORDER BY indicator_code, area_code, sex, year
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items: rows, total };
  }

  /** Every stored assessment without timestamps, for comparing two recomputations. */
  async snapshot(manager: EntityManager): Promise<{ key: string; status: string; year: number | null; alertKinds: string[]; components: unknown }[]> {
    const rows = await manager.query(
      `SELECT indicator_code || '/' || area_code || '/' || sex AS key, status, year, alert_kinds AS "alertKinds", components
         FROM assessment ORDER BY indicator_code, area_code, sex`,
    );
    return rows;
  }
}
