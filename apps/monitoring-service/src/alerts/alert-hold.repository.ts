import { chunk, maxRowsPerStatement } from '@wdp/messaging';
import type { EntityManager } from 'typeorm';
import type { AlertHold, HoldPolicy } from './alert-plan';

const COLUMNS = `indicator_code AS "indicatorCode", area_code AS "areaCode", sex, kind, action, since,
  components, assessment_status AS "assessmentStatus"`;

const toHold = (r: AlertHold & { since: Date | string }): AlertHold => ({ ...r, since: new Date(r.since).toISOString() });

/** SQL for `alert_hold` (raises and resolutions waiting for their condition to hold); no decisions here. */
export class AlertHoldRepository {
  async forPairs(manager: EntityManager, pairs: readonly { indicatorCode: string; areaCode: string }[]): Promise<AlertHold[]> {
    if (pairs.length === 0) return [];
    const rows = await manager.query(
      `SELECT ${COLUMNS} FROM alert_hold WHERE (indicator_code, area_code) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [pairs.map((p) => p.indicatorCode), pairs.map((p) => p.areaCode)],
    );
    return rows.map(toHold);
  }

  /**
   * Holds whose time is up at `now`, except those of pairs whose data changed and are still queued for a
   * decision: those are decided on their settled data first (the settler's raise or resolve then ends them).
   */
  async due(manager: EntityManager, now: Date, policy: HoldPolicy, limit: number): Promise<AlertHold[]> {
    const rows = await manager.query(
      `SELECT ${COLUMNS} FROM alert_hold h
        WHERE h.since <= $1::timestamptz - CASE h.action WHEN 'raise' THEN $2::float8 ELSE $3::float8 END * interval '1 millisecond'
          AND NOT EXISTS (SELECT 1 FROM alert_queue q WHERE q.indicator_code = h.indicator_code AND q.area_code = h.area_code)
        ORDER BY h.since LIMIT $4`,
      [now.toISOString(), policy.raiseHoldMs, policy.resolveHoldMs, limit],
    );
    return rows.map(toHold);
  }

  /** When the earliest hold falls due (null: none), for the timer's cheap look. */
  async earliestDue(manager: EntityManager, policy: HoldPolicy): Promise<Date | null> {
    const [row] = await manager.query(
      `SELECT min(since + CASE action WHEN 'raise' THEN $1::float8 ELSE $2::float8 END * interval '1 millisecond') AS due FROM alert_hold`,
      [policy.raiseHoldMs, policy.resolveHoldMs],
    );
    return row?.due ? new Date(row.due) : null;
  }

  async upsert(manager: EntityManager, holds: readonly AlertHold[]): Promise<void> {
    for (const part of chunk(holds, maxRowsPerStatement(8, 1000))) {
      const params: unknown[] = [];
      const tuples = part.map((h) => {
        const b = params.length;
        params.push(h.indicatorCode, h.areaCode, h.sex, h.kind, h.action, h.since, JSON.stringify(h.components), h.assessmentStatus);
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}::timestamptz, $${b + 7}::jsonb, $${b + 8})`;
      });
      await manager.query(
        `INSERT INTO alert_hold (indicator_code, area_code, sex, kind, action, since, components, assessment_status)
         VALUES ${tuples.join(', ')}
         ON CONFLICT (indicator_code, area_code, sex, kind) DO UPDATE
           SET action = EXCLUDED.action, since = EXCLUDED.since, components = EXCLUDED.components, assessment_status = EXCLUDED.assessment_status`,
        params,
      );
    }
  }

  /** Removes the holds of the given slot keys (indicator, area, sex and kind joined by NUL). */
  async remove(manager: EntityManager, slotKeys: readonly string[]): Promise<void> {
    if (slotKeys.length === 0) return;
    const parts = slotKeys.map((k) => k.split('\u0000'));
    await manager.query(
      `DELETE FROM alert_hold h USING unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS s (indicator_code, area_code, sex, kind)
        WHERE h.indicator_code = s.indicator_code AND h.area_code = s.area_code AND h.sex = s.sex AND h.kind = s.kind`,
      [0, 1, 2, 3].map((i) => parts.map((p) => p[i])),
    );
  }
}
