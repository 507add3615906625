import type { DataSource, EntityManager } from 'typeorm';
import { coalescePairs, type TouchedPair } from './recompute-scope';

export interface QueueState {
  /** 1 when anything is queued, else 0. */
  pending: number;
  /** Milliseconds since the oldest pending pair was first queued. */
  oldestMs: number;
  /** Milliseconds since any pending pair last changed. */
  idleMs: number;
}

/**
 * SQL for `alert_queue`; no decisions here. The queue is append-only (one row per pair per batch), so
 * appending and claiming never wait for each other; claiming coalesces the rows per pair.
 */
export class AlertQueueRepository {
  async enqueue(manager: EntityManager, pairs: readonly TouchedPair[]): Promise<void> {
    if (pairs.length === 0) return;
    await manager.query(
      `INSERT INTO alert_queue (indicator_code, area_code, from_year, first_at, last_at)
       SELECT p.indicator_code, p.area_code, p.from_year, t.at, t.at
         FROM unnest($1::text[], $2::text[], $3::smallint[]) AS p (indicator_code, area_code, from_year), (SELECT clock_timestamp() AS at) t`,
      [pairs.map((p) => p.indicatorCode), pairs.map((p) => p.areaCode), pairs.map((p) => p.fromYear)],
    );
  }

  async state(db: DataSource | EntityManager): Promise<QueueState> {
    // Every row's first_at equals its last_at: both ends are index lookups, however long the queue.
    const [row] = await db.query(
      `SELECT (oldest IS NOT NULL)::int AS pending,
              coalesce(extract(epoch FROM clock_timestamp() - oldest) * 1000, 0)::float8 AS "oldestMs",
              coalesce(extract(epoch FROM clock_timestamp() - newest) * 1000, 0)::float8 AS "idleMs"
         FROM (SELECT min(last_at) AS oldest, max(last_at) AS newest FROM alert_queue) q`,
    );
    return row;
  }

  /**
   * Removes every committed row and returns each pair once, from the earliest year any of its rows names
   * (inside the transaction that recomputes them). Rows appended by batches still in flight are not seen
   * and stay for the next claim.
   */
  async claim(manager: EntityManager): Promise<TouchedPair[]> {
    const [rows]: [TouchedPair[], number] = await manager.query(
      `DELETE FROM alert_queue RETURNING indicator_code AS "indicatorCode", area_code AS "areaCode", from_year AS "fromYear"`,
    );
    return coalescePairs(rows);
  }
}
