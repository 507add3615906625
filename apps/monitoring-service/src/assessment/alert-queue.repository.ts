import type { DataSource, EntityManager } from 'typeorm';
import type { IndicatorArea } from './assessment.repository';

export interface QueueState {
  pending: number;
  /** Milliseconds since the oldest pending pair was first queued. */
  oldestMs: number;
  /** Milliseconds since any pending pair last changed. */
  idleMs: number;
}

/** SQL for `alert_queue`; no decisions here. */
export class AlertQueueRepository {
  async enqueue(manager: EntityManager, pairs: readonly IndicatorArea[]): Promise<void> {
    if (pairs.length === 0) return;
    await manager.query(
      `INSERT INTO alert_queue (indicator_code, area_code)
       SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (indicator_code, area_code) DO UPDATE SET last_at = clock_timestamp()`,
      [pairs.map((p) => p.indicatorCode), pairs.map((p) => p.areaCode)],
    );
  }

  async state(db: DataSource | EntityManager): Promise<QueueState> {
    const [row] = await db.query(
      `SELECT count(*)::int AS pending,
              coalesce(extract(epoch FROM clock_timestamp() - min(first_at)) * 1000, 0)::float8 AS "oldestMs",
              coalesce(extract(epoch FROM clock_timestamp() - max(last_at)) * 1000, 0)::float8 AS "idleMs"
         FROM alert_queue`,
    );
    return row;
  }

  /** Removes and returns every pending pair (inside the transaction that decides their alerts). */
  async claim(manager: EntityManager): Promise<IndicatorArea[]> {
    const [rows] = await manager.query(`DELETE FROM alert_queue RETURNING indicator_code AS "indicatorCode", area_code AS "areaCode"`);
    return rows;
  }
}
