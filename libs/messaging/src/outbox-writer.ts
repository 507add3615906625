import type { CloudEvent } from '@wdp/contracts';
import type { EntityManager } from 'typeorm';
import { chunk, maxRowsPerStatement } from './chunk';
import { inOutboxSpan } from './tracing';

export interface OutboxMessage {
  topic: string;
  /** Partition key: the aggregate whose events must stay in order (e.g. an area or a record id). */
  key: string;
  event: CloudEvent;
  headers?: Record<string, string>;
}

/** The NOTIFY channel the relay LISTENs on. */
export const OUTBOX_CHANNEL = 'outbox';

const OUTBOX_COLUMNS = ['event_id', 'topic', 'message_key', 'event_type', 'event_source', 'payload', 'headers'] as const;

/**
 * Rows per INSERT. Far below the 65,535 bind-parameter ceiling (9,362 rows of 7 columns): a thousand rows
 * keeps each statement's parse/plan cheap while still making 10,000 events ten round trips.
 */
export const OUTBOX_ROWS_PER_INSERT = maxRowsPerStatement(OUTBOX_COLUMNS.length, 1_000);

export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/** One multi-row INSERT for the given messages (caller keeps the count within OUTBOX_ROWS_PER_INSERT). */
export function outboxInsert(messages: readonly OutboxMessage[]): SqlStatement {
  const params: unknown[] = [];
  const tuples = messages.map((m) => {
    const base = params.length;
    params.push(m.event.id, m.topic, m.key, m.event.type, m.event.source, JSON.stringify(m.event), JSON.stringify(m.headers ?? {}));
    return `(${OUTBOX_COLUMNS.map((_, i) => `$${base + i + 1}`).join(', ')})`;
  });
  return { sql: `INSERT INTO outbox (${OUTBOX_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`, params };
}

export function outboxInserts(messages: readonly OutboxMessage[]): SqlStatement[] {
  return chunk(messages, OUTBOX_ROWS_PER_INSERT).map(outboxInsert);
}

export class OutboxOutsideTransactionError extends Error {
  constructor() {
    super('enqueueEvents must run inside the transaction that changes the state the events describe');
  }
}

/**
 * Writes events to the outbox inside the caller's transaction, so they are published if and only if that
 * transaction commits. The NOTIFY is delivered at commit (and dropped on rollback); PostgreSQL folds
 * identical notifications within one transaction, so several calls still wake the relay once. When tracing
 * is on, the write is a span and each row's `traceparent` header is that span's context (see tracing.ts).
 */
export async function enqueueEvents(manager: EntityManager, messages: readonly OutboxMessage[]): Promise<void> {
  if (!manager.queryRunner?.isTransactionActive) throw new OutboxOutsideTransactionError();
  if (messages.length === 0) return;
  await inOutboxSpan(messages, async (traced) => {
    for (const { sql, params } of outboxInserts(traced)) await manager.query(sql, params);
    await manager.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  });
}
