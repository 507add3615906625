import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trace context for the hops that happen later than consumption. `alert_queue.traceparents` keeps the
 * consumer spans' contexts of the batch that queued a pair, so the settler's decision span can continue
 * from them; `alert_event.traceparent` keeps the decision's (or the API call's) context, so a grouped webhook
 * delivery can link the changes it carries. Both empty while tracing is off.
 */
export class TraceContext1765000010000 implements MigrationInterface {
  name = 'TraceContext1765000010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alert_queue ADD COLUMN traceparents text[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE alert_event ADD COLUMN traceparent text NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alert_event DROP COLUMN traceparent`);
    await q.query(`ALTER TABLE alert_queue DROP COLUMN traceparents`);
  }
}

export const TRACE_CONTEXT_MIGRATIONS = [TraceContext1765000010000];
