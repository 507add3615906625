import type { DataSource, EntityManager } from 'typeorm';
import type { BatchArrival } from './request-batches';

/** SQL for `request_progress`: how many of each request's events have been applied. No decisions here. */
export class RequestProgressRepository {
  /**
   * Adds this transaction's arrivals (call it in the inbox transaction with only the events the inbox let
   * through, so a redelivery never counts twice). Rows are upserted in the order given (sorted by the caller).
   */
  async record(manager: EntityManager, arrivals: readonly BatchArrival[]): Promise<void> {
    if (arrivals.length === 0) return;
    await manager.query(
      `INSERT INTO request_progress AS r (batch_id, expected, arrived, completed_at)
       SELECT b.batch_id, b.expected, b.arrived, CASE WHEN b.arrived >= b.expected THEN clock_timestamp() END
         FROM unnest($1::text[], $2::int[], $3::int[]) WITH ORDINALITY AS b (batch_id, expected, arrived, n)
        ORDER BY b.n
       ON CONFLICT (batch_id) DO UPDATE SET
         expected = greatest(r.expected, EXCLUDED.expected),
         arrived = r.arrived + EXCLUDED.arrived,
         completed_at = coalesce(r.completed_at,
           CASE WHEN r.arrived + EXCLUDED.arrived >= greatest(r.expected, EXCLUDED.expected) THEN clock_timestamp() END)`,
      [arrivals.map((a) => a.batchId), arrivals.map((a) => a.expected), arrivals.map((a) => a.arrived)],
    );
  }

  async incompleteCount(db: DataSource | EntityManager): Promise<number> {
    const [{ n }]: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM request_progress WHERE completed_at IS NULL`);
    return n;
  }

  /**
   * Forgets requests completed more than `completedMs` ago and incomplete ones first seen more than
   * `incompleteMs` ago (their pairs were decided anyway long before). Returns the rows deleted.
   */
  async prune(db: DataSource | EntityManager, completedMs: number, incompleteMs: number): Promise<number> {
    const [, affected] = await db.query(
      `DELETE FROM request_progress
        WHERE completed_at < clock_timestamp() - $1::double precision * interval '1 millisecond'
           OR (completed_at IS NULL AND first_seen_at < clock_timestamp() - $2::double precision * interval '1 millisecond')`,
      [completedMs, incompleteMs],
    );
    return Number(affected ?? 0);
  }
}
