import type { DataSource, EntityManager } from 'typeorm';
import type { IndicatorArea } from '../../assessment/assessment.repository';
import { coalescePairs, type TouchedPair } from '../../assessment/recompute-scope';

/** How long a queued indicator × area pair has waited, from its rows in the queue. */
export interface QueuedPairAge extends IndicatorArea {
  /** Milliseconds since the pair was first queued (its oldest row). */
  waitedMs: number;
  /** Milliseconds since the pair was last queued (its newest row): how long its data has been quiet. */
  idleMs: number;
  /** Some request whose events queued the pair has not been applied in full yet. */
  incomplete: boolean;
}

/** Pairs queued together, held for the same requests. */
export interface PairGroup {
  pairs: readonly TouchedPair[];
  batchIds: readonly string[];
}

/** The request batches still waiting for some of their events (the `request_progress` rows not completed). */
const PENDING_BATCHES = `SELECT coalesce(array_agg(batch_id), '{}') AS ids FROM request_progress WHERE completed_at IS NULL`;

/** One key per indicator × area pair. */
export const pairKey = (p: IndicatorArea): string => `${p.indicatorCode}\u0000${p.areaCode}`;

/**
 * SQL for `alert_queue`; no decisions here. The queue is append-only (one row per pair per batch), so
 * appending and claiming never wait for each other; claiming coalesces the rows per pair.
 */
export class AlertQueueRepository {
  /**
   * One row per pair of each group, tagged with that group's request batches (`batchIds`: the requests whose
   * events queued it; none: complete on their own) and the contexts of the consumer spans that applied them,
   * for the decision span to continue from. One statement for every group.
   */
  async enqueue(manager: EntityManager, groups: readonly PairGroup[], traceparents: readonly string[] = []): Promise<void> {
    const rows = groups.flatMap((g, group) => g.pairs.map((p) => ({ ...p, group })));
    if (rows.length === 0) return;
    // The groups' request batches as one JSON array of arrays: PostgreSQL has no arrays of arrays of unequal length.
    await manager.query(
      `INSERT INTO alert_queue (indicator_code, area_code, from_year, first_at, last_at, batch_ids, traceparents)
       SELECT p.indicator_code, p.area_code, p.from_year, t.at, t.at,
              ARRAY(SELECT jsonb_array_elements_text($4::jsonb -> p.grp)), $5::text[]
         FROM unnest($1::text[], $2::text[], $3::smallint[], $6::int[]) AS p (indicator_code, area_code, from_year, grp),
              (SELECT clock_timestamp() AS at) t`,
      [rows.map((p) => p.indicatorCode), rows.map((p) => p.areaCode), rows.map((p) => p.fromYear), JSON.stringify(groups.map((g) => g.batchIds)), traceparents, rows.map((p) => p.group)],
    );
  }

  /**
   * Each queued pair once, with its ages and whether a request that touched it is still incomplete: a GROUP
   * BY over the committed rows (a few per pair and batch) against the few incomplete requests.
   */
  async ages(db: DataSource | EntityManager): Promise<QueuedPairAge[]> {
    return db.query(
      `SELECT indicator_code AS "indicatorCode", area_code AS "areaCode",
              (extract(epoch FROM clock_timestamp() - min(first_at)) * 1000)::float8 AS "waitedMs",
              (extract(epoch FROM clock_timestamp() - max(last_at)) * 1000)::float8 AS "idleMs",
              bool_or(batch_ids && pending.ids) AS "incomplete"
         FROM alert_queue, (${PENDING_BATCHES}) pending
        GROUP BY indicator_code, area_code`,
    );
  }

  /**
   * The pairs among these that now have a request still incomplete, among the rows just claimed for them
   * (`claimedBatchIds`, per pair key) or the rows queued for them since: a batch that committed during the
   * decision, so the decision may have read part of its request.
   */
  async overtaken(manager: EntityManager, pairs: readonly IndicatorArea[], claimedBatchIds: ReadonlyMap<string, readonly string[]>): Promise<IndicatorArea[]> {
    if (pairs.length === 0) return [];
    const [{ ids }]: { ids: string[] }[] = await manager.query(PENDING_BATCHES);
    if (ids.length === 0) return [];
    const pending = new Set(ids);
    const out = new Map<string, IndicatorArea>();
    for (const p of pairs) if ((claimedBatchIds.get(pairKey(p)) ?? []).some((id) => pending.has(id))) out.set(pairKey(p), p);
    const since: IndicatorArea[] = await manager.query(
      `SELECT DISTINCT q.indicator_code AS "indicatorCode", q.area_code AS "areaCode"
         FROM alert_queue q JOIN unnest($1::text[], $2::text[]) AS p (indicator_code, area_code)
           ON q.indicator_code = p.indicator_code AND q.area_code = p.area_code
        WHERE q.batch_ids && $3::text[]`,
      [pairs.map((p) => p.indicatorCode), pairs.map((p) => p.areaCode), ids],
    );
    for (const p of since) out.set(pairKey(p), p);
    return [...out.values()];
  }

  /**
   * Removes the committed rows of the given pairs and returns each pair once, from its earliest changed year,
   * with the request batches those rows named and the trace contexts they kept (each once).
   */
  async claimPairs(
    manager: EntityManager, pairs: readonly IndicatorArea[],
  ): Promise<{ pairs: TouchedPair[]; batchIds: Map<string, string[]>; traceparents: string[] }> {
    if (pairs.length === 0) return { pairs: [], batchIds: new Map(), traceparents: [] };
    const [rows]: [(TouchedPair & { batchIds: string[]; traceparents: string[] })[], number] = await manager.query(
      `DELETE FROM alert_queue q USING unnest($1::text[], $2::text[]) AS p (indicator_code, area_code)
        WHERE q.indicator_code = p.indicator_code AND q.area_code = p.area_code
       RETURNING q.indicator_code AS "indicatorCode", q.area_code AS "areaCode", q.from_year AS "fromYear", q.batch_ids AS "batchIds",
                 q.traceparents`,
      [pairs.map((p) => p.indicatorCode), pairs.map((p) => p.areaCode)],
    );
    const batchIds = new Map<string, string[]>();
    for (const r of rows) batchIds.set(pairKey(r), [...(batchIds.get(pairKey(r)) ?? []), ...r.batchIds]);
    return { pairs: coalescePairs(rows), batchIds, traceparents: [...new Set(rows.flatMap((r) => r.traceparents))] };
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
