import { chunk, maxRowsPerStatement } from '@wdp/messaging';
import type { EntityManager } from 'typeorm';
import type { AlertRecord } from './alert-events';

const COLUMNS = `id, indicator_code AS "indicatorCode", area_code AS "areaCode", sex, kind, status, severity,
  raised_at AS "raisedAt", resolved_at AS "resolvedAt", components, resolution, methodology_version AS "methodologyVersion"`;

export interface AlertFilter {
  status?: 'open' | 'resolved';
  indicatorCode?: string;
  areaCode?: string;
  sex?: string;
  kind?: string;
  severity?: string;
}

function toRecord(row: AlertRecord & { raisedAt: Date | string; resolvedAt: Date | string | null }): AlertRecord {
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  return { ...row, raisedAt: iso(row.raisedAt)!, resolvedAt: iso(row.resolvedAt) };
}

/** SQL for the `alert` table; no decisions here. */
export class AlertRepository {
  async openFor(manager: EntityManager, pairs: readonly { indicatorCode: string; areaCode: string }[]): Promise<AlertRecord[]> {
    if (pairs.length === 0) return [];
    const rows = await manager.query(
      `SELECT ${COLUMNS} FROM alert
        WHERE status = 'open' AND (indicator_code, area_code) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [pairs.map((p) => p.indicatorCode), pairs.map((p) => p.areaCode)],
    );
    return rows.map(toRecord);
  }

  /** Inserts new open alerts; one that would duplicate an open alert of its slot is skipped. Returns those inserted. */
  async insertOpen(manager: EntityManager, alerts: readonly AlertRecord[], eventIds: ReadonlyMap<string, string>): Promise<Set<string>> {
    const inserted = new Set<string>();
    for (const part of chunk(alerts, maxRowsPerStatement(10, 1000))) {
      const params: unknown[] = [];
      const tuples = part.map((a) => {
        const b = params.length;
        params.push(a.id, a.indicatorCode, a.areaCode, a.sex, a.kind, a.severity, a.raisedAt, JSON.stringify(a.components), a.methodologyVersion, eventIds.get(a.id));
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, 'open', $${b + 6}, $${b + 7}::timestamptz, $${b + 8}::jsonb, $${b + 9}, $${b + 10}::uuid)`;
      });
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO alert (id, indicator_code, area_code, sex, kind, status, severity, raised_at, components, methodology_version, raised_event_id)
         VALUES ${tuples.join(', ')}
         ON CONFLICT (indicator_code, area_code, sex, kind) WHERE status = 'open' DO NOTHING
         RETURNING id`,
        params,
      );
      rows.forEach((r) => inserted.add(r.id));
    }
    return inserted;
  }

  async resolve(manager: EntityManager, alert: AlertRecord, eventId: string): Promise<boolean> {
    const [rows] = await manager.query(
      `UPDATE alert SET status = 'resolved', resolved_at = $2, resolution = $3::jsonb, resolved_event_id = $4
        WHERE id = $1 AND status = 'open' RETURNING id`,
      [alert.id, alert.resolvedAt, JSON.stringify(alert.resolution), eventId],
    );
    return (rows as unknown[]).length > 0;
  }

  async refresh(manager: EntityManager, id: string, components: unknown): Promise<void> {
    await manager.query(`UPDATE alert SET components = $2::jsonb WHERE id = $1 AND status = 'open'`, [id, JSON.stringify(components)]);
  }

  async list(manager: EntityManager, filter: AlertFilter, limit: number, offset: number): Promise<{ items: AlertRecord[]; total: number }> {
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
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await manager.query(`SELECT count(*)::int AS total FROM alert ${clause}`, params);
    const rows = await manager.query(
      `SELECT ${COLUMNS} FROM alert ${clause} ORDER BY raised_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items: rows.map(toRecord), total };
  }

  async byId(manager: EntityManager, id: string): Promise<AlertRecord | undefined> {
    const [row] = await manager.query(`SELECT ${COLUMNS} FROM alert WHERE id = $1`, [id]);
    return row ? toRecord(row) : undefined;
  }
}
