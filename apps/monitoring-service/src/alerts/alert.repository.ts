import { chunk, maxRowsPerStatement } from '@wdp/messaging';
import type { EntityManager } from 'typeorm';
import { MONITORED_PLAN_ID } from '../plans/monitored-plan';
import type { AlertPlanRef, AlertRecord } from './alert-events';
import { SILENCED_BY_SQL } from '../silences/silence.repository';
import type { AlertView } from './alert-lifecycle';

const COLUMNS = `id, indicator_code AS "indicatorCode", area_code AS "areaCode", sex, kind, status, severity,
  raised_at AS "raisedAt", resolved_at AS "resolvedAt", components, resolution, methodology_version AS "methodologyVersion",
  CASE WHEN status = 'resolved' THEN 'resolved' WHEN acknowledged_at IS NOT NULL THEN 'acknowledged' ELSE 'raised' END AS state,
  department, acknowledged_at AS "acknowledgedAt", acknowledged_by AS "acknowledgedBy",
  acknowledgement_comment AS "acknowledgementComment", resolved_by AS "resolvedBy", resolution_reason AS "resolutionReason",
  ${SILENCED_BY_SQL} AS "silencedBy", plan_id AS "planId", plan_version AS "planVersion"`;

export interface AlertFilter {
  status?: 'open' | 'resolved';
  indicatorCode?: string;
  areaCode?: string;
  sex?: string;
  kind?: string;
  severity?: string;
  department?: string;
  planId?: string;
}

type AlertRow = AlertView & { raisedAt: Date | string; resolvedAt: Date | string | null; acknowledgedAt: Date | string | null };

function toRecord(row: AlertRow): AlertView {
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  return { ...row, raisedAt: iso(row.raisedAt)!, resolvedAt: iso(row.resolvedAt), acknowledgedAt: iso(row.acknowledgedAt) };
}

/** SQL for the `alert` table; no decisions here. */
export class AlertRepository {
  async openFor(manager: EntityManager, pairs: readonly { indicatorCode: string; areaCode: string }[]): Promise<AlertView[]> {
    if (pairs.length === 0) return [];
    const rows = await manager.query(
      `SELECT ${COLUMNS} FROM alert
        WHERE status = 'open' AND (indicator_code, area_code) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [pairs.map((p) => p.indicatorCode), pairs.map((p) => p.areaCode)],
    );
    return rows.map(toRecord);
  }

  /** The plan alerts are raised for, the monitored one, with the version the registry holds (null before it is seeded). */
  async monitoredPlan(manager: EntityManager): Promise<AlertPlanRef> {
    const [row] = await manager.query(`SELECT latest_version AS version FROM plan WHERE id = $1`, [MONITORED_PLAN_ID]);
    return { planId: MONITORED_PLAN_ID, planVersion: row?.version ?? null };
  }

  /** Inserts new open alerts; one that would duplicate an open alert of its slot is skipped. Returns those inserted. */
  async insertOpen(
    manager: EntityManager, alerts: readonly (AlertRecord & AlertPlanRef & { department?: string | null })[], eventIds: ReadonlyMap<string, string>,
  ): Promise<Set<string>> {
    const inserted = new Set<string>();
    for (const part of chunk(alerts, maxRowsPerStatement(13, 1000))) {
      const params: unknown[] = [];
      const tuples = part.map((a) => {
        const b = params.length;
        params.push(a.id, a.indicatorCode, a.areaCode, a.sex, a.kind, a.severity, a.raisedAt, JSON.stringify(a.components), a.methodologyVersion, eventIds.get(a.id), a.department ?? null, a.planId, a.planVersion);
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, 'open', $${b + 6}, $${b + 7}::timestamptz, $${b + 8}::jsonb, $${b + 9}, $${b + 10}::uuid, $${b + 11}, $${b + 12}, $${b + 13}::int)`;
      });
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO alert (id, indicator_code, area_code, sex, kind, status, severity, raised_at, components, methodology_version, raised_event_id, department, plan_id, plan_version)
         VALUES ${tuples.join(', ')}
         ON CONFLICT (indicator_code, area_code, sex, kind) WHERE status = 'open' DO NOTHING
         RETURNING id`,
        params,
      );
      rows.forEach((r) => inserted.add(r.id));
    }
    return inserted;
  }

  /** Resolves an open alert; `resolvedBy` is the system when its status recovered, or the acting key with a reason. */
  async resolve(manager: EntityManager, alert: AlertRecord, eventId: string, resolvedBy = 'monitoring', reason: string | null = null): Promise<boolean> {
    const [rows] = await manager.query(
      `UPDATE alert SET status = 'resolved', resolved_at = $2, resolution = $3::jsonb, resolved_event_id = $4, resolved_by = $5, resolution_reason = $6
        WHERE id = $1 AND status = 'open' RETURNING id`,
      [alert.id, alert.resolvedAt, JSON.stringify(alert.resolution), eventId, resolvedBy, reason],
    );
    return (rows as unknown[]).length > 0;
  }

  async refresh(manager: EntityManager, id: string, components: unknown): Promise<void> {
    await manager.query(`UPDATE alert SET components = $2::jsonb WHERE id = $1 AND status = 'open'`, [id, JSON.stringify(components)]);
  }

  async list(manager: EntityManager, filter: AlertFilter, limit: number, offset: number): Promise<{ items: AlertView[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.status) add('status = ?', filter.status);
    if (filter.indicatorCode) add('indicator_code = ?', filter.indicatorCode);
    if (filter.areaCode) add('area_code = ?', filter.areaCode);
    if (filter.sex) add('sex = ?', filter.sex);
    if (filter.kind) add('kind = ?', filter.kind);
    if (filter.severity) add('severity = ?', filter.severity);
    if (filter.department) add('department = ?', filter.department);
    if (filter.planId) add('plan_id = ?', filter.planId);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await manager.query(`SELECT count(*)::int AS total FROM alert ${clause}`, params);
    const rows = await manager.query(
      `SELECT ${COLUMNS} FROM alert ${clause} ORDER BY raised_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items: rows.map(toRecord), total };
  }

  async byId(manager: EntityManager, id: string, forUpdate = false): Promise<AlertView | undefined> {
    const [row] = await manager.query(`SELECT ${COLUMNS} FROM alert WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
    return row ? toRecord(row) : undefined;
  }

  async byIds(manager: EntityManager, ids: readonly string[]): Promise<AlertView[]> {
    if (ids.length === 0) return [];
    const rows = await manager.query(`SELECT ${COLUMNS} FROM alert WHERE id = ANY($1::uuid[])`, [ids]);
    return rows.map(toRecord);
  }

  /** The current assessment status of the alert's indicator × area × sex ('' when no longer assessed). */
  async assessmentStatusOf(manager: EntityManager, a: { indicatorCode: string; areaCode: string; sex: string }): Promise<string> {
    const [row] = await manager.query(`SELECT status FROM assessment WHERE indicator_code = $1 AND area_code = $2 AND sex = $3`, [a.indicatorCode, a.areaCode, a.sex]);
    return row?.status ?? '';
  }

  async acknowledge(manager: EntityManager, id: string, by: string, comment: string, at: Date): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `UPDATE alert SET acknowledged_at = $2, acknowledged_by = $3, acknowledgement_comment = $4
        WHERE id = $1 AND status = 'open' AND acknowledged_at IS NULL RETURNING id`,
      [id, at.toISOString(), by, comment],
    );
    return (rows[0] as unknown[]).length > 0;
  }
}
