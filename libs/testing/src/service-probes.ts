import { parseEvent, type CloudEvent } from '@wdp/contracts';
import type { LightMyRequestResponse } from 'fastify';
import type { Client } from 'pg';
import { collectTopic } from './kafka';

// What a service's integration test asks of the real stack: answers over HTTP, rows in its database,
// and the events that actually reached Kafka (raw bytes included, to check no identifier leaked).

export type InjectMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface InjectOptions {
  /** Sent as X-API-Key. */
  key?: string;
  /** Serialised as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

interface Injectable {
  inject(options: { method: InjectMethod; url: string; headers: Record<string, string>; payload?: string }): Promise<LightMyRequestResponse>;
}

/** A request through Fastify's inject (no socket), with an API key and a JSON body. */
export function injectJson(app: Injectable, method: InjectMethod, url: string, opts: InjectOptions = {}): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers: {
      ...(opts.key ? { 'x-api-key': opts.key } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    },
    ...(opts.body !== undefined ? { payload: JSON.stringify(opts.body) } : {}),
  });
}

/** Rows in a table of the service's database (`where` is trusted test SQL). */
export async function countRows(sql: Client, table: string, where = 'true'): Promise<number> {
  return Number((await sql.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`)).rows[0].n);
}

/** Event ids the service wrote to its outbox for these message keys (record or return ids), in outbox order. */
export async function outboxEventIds(sql: Client, messageKeys: string[]): Promise<string[]> {
  const { rows } = await sql.query(
    'SELECT event_id::text AS event_id FROM outbox WHERE message_key = ANY($1::text[]) ORDER BY outbox.id',
    [messageKeys],
  );
  return rows.map((r) => r.event_id as string);
}

/**
 * Event ids of the record changes of these records in the outbox, in outbox order, whichever generation wrote
 * them: v1 events whose data is one of the records, v2 batch events with an item of one of them. Read from the
 * payloads, not the message keys (a batch event is keyed by its first record only). The relay keeps published
 * rows, so this finds events already sent.
 */
export async function recordEventIds(sql: Client, recordIds: string[]): Promise<string[]> {
  const { rows } = await sql.query(
    `SELECT o.id, o.event_id::text AS event_id
       FROM outbox o
       CROSS JOIN LATERAL (SELECT (o.payload::jsonb) -> 'data' AS data) d
       CROSS JOIN LATERAL jsonb_array_elements(CASE jsonb_typeof(d.data -> 'items') WHEN 'array' THEN d.data -> 'items' ELSE jsonb_build_array(d.data) END) AS change
      WHERE change ->> 'recordId' IN (SELECT unnest($1::text[]))
      GROUP BY o.id, o.event_id
      ORDER BY o.id`,
    [recordIds],
  );
  return rows.map((r) => r.event_id as string);
}

export type DeliveredEvent = CloudEvent & { key: string | null; partition: number; raw: string };

/** Reads `topic` until every one of `eventIds` arrived; returns them in that order, with their raw value and headers. */
export async function readEventsById(brokers: string, topic: string, eventIds: string[], timeoutMs = 60_000): Promise<DeliveredEvent[]> {
  const want = new Set(eventIds);
  const seen = new Map<string, DeliveredEvent>();
  let parsed = 0;
  await collectTopic(brokers, topic, {
    timeoutMs,
    until: (messages) => {
      for (; parsed < messages.length; parsed++) {
        const m = messages[parsed];
        const e = parseEvent(m.value);
        if (want.has(e.id) && !seen.has(e.id)) seen.set(e.id, { ...e, key: m.key, partition: m.partition, raw: `${m.value!.toString('utf8')}${JSON.stringify(m.headers)}` });
      }
      return seen.size === want.size;
    },
  });
  return eventIds.map((id) => seen.get(id)!);
}
