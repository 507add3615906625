import type { DataSource, EntityManager } from 'typeorm';
import type { IndicatorArea } from './assessment.repository';
import { coalescePairs, type TouchedPair } from './recompute-scope';

/** How long a queued indicator × area pair has waited, from its rows in the queue. */
export interface QueuedPairAge extends IndicatorArea {
  /** Milliseconds since the pair was first queued (its oldest row). */
  waitedMs: number;
  /** Milliseconds since the pair was last queued (its newest row): how long its data has been quiet. */
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

  /** Each queued pair once, with its ages: a GROUP BY over the committed rows (a few per pair and batch). */
  async ages(db: DataSource | EntityManager): Promise<QueuedPairAge[]> {
    return db.query(
      `SELECT indicator_code AS "indicatorCode", area_code AS "areaCode",
              (extract(epoch FROM clock_timestamp() - min(first_at)) * 1000)::float8 AS "waitedMs",
              (extract(epoch FROM clock_timestamp() - max(last_at)) * 1000)::float8 AS "idleMs"
         FROM alert_queue GROUP BY indicator_code, area_code`,
    );
  }

  /** Removes the committed rows of the given pairs and returns each pair once, from its earliest changed year. */
  async claimPairs(manager: EntityManager, pairs: readonly IndicatorArea[]): Promise<TouchedPair[]> {
    if (pairs.length === 0) return [];
    const [rows]: [TouchedPair[], number] = await manager.query(
      `DELETE FROM alert_queue q USING unnest($1::text[], $2::text[]) AS p (indicator_code, area_code)
        WHERE q.indicator_code = p.indicator_code AND q.area_code = p.area_code
       RETURNING q.indicator_code AS "indicatorCode", q.area_code AS "areaCode", q.from_year AS "fromYear"`,
      [pairs.map((p) => p.indicatorCode), pairs.map((p) => p.areaCode)],
    );
    return coalescePairs(rows);
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
