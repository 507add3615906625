import type { EntityManager } from 'typeorm';
import type { Silence, SilenceState } from './silence';

const COLUMNS = `id, indicator_code AS "indicatorCode", area_code AS "areaCode", kind, starts_at AS "startsAt", ends_at AS "endsAt",
  reason, created_by AS "createdBy", created_at AS "createdAt", deleted_at AS "deletedAt", deleted_by AS "deletedBy"`;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const toSilence = (r: Silence): Silence => ({ ...r, startsAt: iso(r.startsAt)!, endsAt: iso(r.endsAt)!, createdAt: iso(r.createdAt)!, deletedAt: iso(r.deletedAt) });

/** The condition, in SQL over `alert_silence s` and the time `at.t`, of each state. */
const STATE_SQL: Record<SilenceState, string> = {
  deleted: `s.deleted_at IS NOT NULL`,
  pending: `s.deleted_at IS NULL AND s.starts_at > at.t`,
  active: `s.deleted_at IS NULL AND s.starts_at <= at.t AND s.ends_at > at.t`,
  expired: `s.deleted_at IS NULL AND s.ends_at <= at.t`,
};

/**
 * The id of the silence muting the row of `alert` in the surrounding query, now (the one lasting longest):
 * what `silencedBy` shows on an alert. Same rule as silencedBy() in silence.ts.
 */
export const SILENCED_BY_SQL = `(SELECT s.id FROM alert_silence s
   WHERE s.deleted_at IS NULL AND s.starts_at <= now() AND s.ends_at > now()
     AND (s.indicator_code IS NULL OR s.indicator_code = alert.indicator_code)
     AND (s.area_code IS NULL OR s.area_code = alert.area_code)
     AND (s.kind IS NULL OR s.kind = alert.kind)
   ORDER BY s.ends_at DESC, s.id LIMIT 1)`;

/** SQL for `alert_silence`; no decisions here. Rows are never removed: a deletion is recorded on the row. */
export class SilenceRepository {
  async insert(manager: EntityManager, s: Omit<Silence, 'createdAt' | 'deletedAt' | 'deletedBy'>): Promise<Silence> {
    const [row] = await manager.query(
      `INSERT INTO alert_silence (id, indicator_code, area_code, kind, starts_at, ends_at, reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [s.id, s.indicatorCode, s.areaCode, s.kind, s.startsAt, s.endsAt, s.reason, s.createdBy],
    );
    return toSilence(row);
  }

  async byId(manager: EntityManager, id: string, forUpdate = false): Promise<Silence | undefined> {
    const [row] = await manager.query(`SELECT ${COLUMNS} FROM alert_silence WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
    return row ? toSilence(row) : undefined;
  }

  /** Silences in the given states at `now`, the latest ending first. */
  async list(manager: EntityManager, states: readonly SilenceState[], now: Date, limit: number, offset: number): Promise<{ items: Silence[]; total: number }> {
    const where = states.map((s) => `(${STATE_SQL[s]})`).join(' OR ') || 'true';
    const from = `alert_silence s, (SELECT $1::timestamptz AS t) at WHERE ${where}`;
    const [{ total }] = await manager.query(`SELECT count(*)::int AS total FROM ${from}`, [now.toISOString()]);
    const rows = await manager.query(`SELECT ${COLUMNS} FROM ${from} ORDER BY ends_at DESC, id LIMIT $2 OFFSET $3`, [now.toISOString(), limit, offset]);
    return { items: rows.map(toSilence), total };
  }

  /** Every silence active now (database time), for deciding what a change's notification does. */
  async active(manager: EntityManager): Promise<Silence[]> {
    const rows = await manager.query(`SELECT ${COLUMNS} FROM alert_silence s, (SELECT now() AS t) at WHERE ${STATE_SQL.active}`);
    return rows.map(toSilence);
  }

  async markDeleted(manager: EntityManager, id: string, by: string, at: Date): Promise<Silence | undefined> {
    const [rows] = await manager.query(`UPDATE alert_silence SET deleted_at = $2, deleted_by = $3 WHERE id = $1 AND deleted_at IS NULL RETURNING ${COLUMNS}`, [id, at.toISOString(), by]);
    return rows[0] ? toSilence(rows[0]) : undefined;
  }
}
