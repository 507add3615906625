import type { DataSource } from 'typeorm';
import { backoffDelay, type BackoffOptions } from './backoff';
import { errorText, eventHeaders } from './headers';
import { silentMessagingLogger, type MessagingLogger } from './logger';
import { OUTBOX_CHANNEL } from './outbox-writer';
import { PgListener, pgConfigFromDataSource } from './pg-listener';
import { createKafkaProducer, type EventProducer, type TopicBatch } from './producer';
import { inPublishSpans } from './tracing';

/** One claimed outbox row, as the relay sends it. */
export interface RelayedRow {
  id: string;
  eventId: string;
  topic: string;
  key: string;
  /** The CloudEvent JSON exactly as it goes on the wire. */
  payload: string;
  headers: Record<string, string>;
}

export interface OutboxRelayOptions {
  dataSource: DataSource;
  brokers: string;
  /** Kafka client id; also names the relay in logs. */
  clientId: string;
  /**
   * Rows claimed per transaction (default 1,000): one produce request and one UPDATE for that many events.
   * Much of the broker's and the relay's work is per request, not per event. The claimed rows go out in
   * requests of at most MAX_REQUEST_PAYLOAD_BYTES, so large events cannot exceed the broker's limit.
   */
  batchSize?: number;
  /** Polling fallback when no NOTIFY arrives (and while the LISTEN connection is down). */
  pollIntervalMs?: number;
  /** Backoff after failed sends; attempt n waits min(maxMs, baseMs·2^(n-1)). */
  backoff?: BackoffOptions;
  /** LISTEN/NOTIFY wake-ups; on by default. */
  listen?: boolean;
  logger?: MessagingLogger;
  /** Replace the kafkajs producer (another client library, or a test double in unit tests). */
  producerFactory?: () => EventProducer;
  /**
   * Test hook, called after the broker acknowledged a batch and before the rows are marked published.
   * Throwing here simulates a relay killed at that moment: the rows stay unpublished and are sent again.
   */
  afterSendHook?: (rows: RelayedRow[]) => void | Promise<void>;
}

export interface OutboxBacklog {
  /** Rows not yet acknowledged by the broker. */
  count: number;
  /** Age of the oldest unpublished row in seconds; 0 when the backlog is empty. */
  oldestAgeSeconds: number;
}

/**
 * Bytes of payload per produce request. Kafka refuses a record batch over the broker's message.max.bytes
 * (1 MiB by default) and one request holds at most one batch per partition, so keeping the whole request
 * under it is safe however the keys fall on partitions, whatever the events' sizes.
 */
export const MAX_REQUEST_PAYLOAD_BYTES = 768 * 1024;

/** Payload bytes one claim holds in memory at most (its first row whatever its size). */
export const MAX_CLAIM_BYTES = 8 * 1024 * 1024;

/** Splits claimed rows, in order, into runs whose payloads total at most `maxBytes` (a larger row goes alone). */
export function chunkByPayloadBytes(rows: readonly RelayedRow[], maxBytes: number): RelayedRow[][] {
  const out: RelayedRow[][] = [];
  let current: RelayedRow[] = [];
  let bytes = 0;
  for (const r of rows) {
    const size = Buffer.byteLength(r.payload);
    if (current.length > 0 && bytes + size > maxBytes) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Groups rows by topic for one sendBatch, keeping the id order within each topic (and so within each key). */
export function groupByTopic(rows: readonly RelayedRow[]): TopicBatch[] {
  const byTopic = new Map<string, TopicBatch>();
  for (const r of rows) {
    let b = byTopic.get(r.topic);
    if (!b) byTopic.set(r.topic, (b = { topic: r.topic, messages: [] }));
    b.messages.push({ key: r.key, value: r.payload, headers: r.headers });
  }
  return [...byTopic.values()];
}

/**
 * Only one relay per database publishes at a time. SKIP LOCKED alone would let a second instance send
 * rows 501..1000 while the first is still sending 1..500, breaking per-key order; with this transaction-level
 * advisory lock the others find it taken and wait for the next wake-up, so extra instances are standbys.
 */
const RELAY_LOCK_KEY = 'wdp.outbox.relay';

type Row = {
  id: string; event_id: string; topic: string; message_key: string; payload: string;
  type: string; source: string; headers: string;
};

/**
 * Publishes committed outbox rows to Kafka. A row is marked published only after the broker acknowledged it;
 * if the process dies in between, the row is sent again (at-least-once) and the consumers' inbox drops the duplicate.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly logger: MessagingLogger;
  private producer: EventProducer | null = null;
  private listener: PgListener | null = null;
  private loop: Promise<void> | null = null;
  private running = false;
  private woken = false;
  private wake: (() => void) | null = null;
  private consecutiveFailures = 0;
  private published = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 1_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.logger = options.logger ?? silentMessagingLogger;
  }

  /** Starts the LISTEN connection and the relay loop; returns at once (the broker may still be down). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    if (this.options.listen !== false) {
      this.listener = new PgListener(pgConfigFromDataSource(this.options.dataSource), OUTBOX_CHANNEL, () => this.notify(), this.logger);
      await this.listener.start();
    }
    this.loop = this.run();
  }

  /** Lets the in-flight batch finish (sent and marked, or rolled back), then closes connections. */
  async stop(): Promise<void> {
    if (!this.running) {
      await this.disconnectProducer();
      return;
    }
    this.running = false;
    this.notify();
    await this.loop;
    this.loop = null;
    await this.listener?.stop();
    this.listener = null;
    await this.disconnectProducer();
  }

  /** Claims, sends and marks one batch. Returns how many rows were published; throws if the send failed. */
  async relayOnce(): Promise<number> {
    const qr = this.options.dataSource.createQueryRunner();
    await qr.connect();
    let rows: RelayedRow[] = [];
    try {
      await qr.startTransaction();
      const [{ locked }] = await qr.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [RELAY_LOCK_KEY]);
      if (locked) {
        // `ORDER BY outbox.id`, not `id`: a bare name would bind to the text alias below and sort "10" before "9".
        // At most batchSize rows and, past the first, MAX_CLAIM_BYTES of payload: batch events are large, and a
        // claim is held in memory. octet_length reads the TOAST header only, so the bound costs no decompression.
        const claimed: Row[] = await qr.query(
          `SELECT id::text AS id, event_id::text AS event_id, topic, message_key, payload,
                  event_type AS type, event_source AS source, headers
             FROM outbox
            WHERE id IN (SELECT id FROM (SELECT id, sum(octet_length(payload)) OVER (ORDER BY id) - octet_length(payload) AS before
                                           FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1) w
                          WHERE before < $2)
            ORDER BY outbox.id FOR UPDATE SKIP LOCKED`,
          [this.batchSize, MAX_CLAIM_BYTES],
        );
        rows = claimed.map(toRelayedRow);
      }
      if (rows.length === 0) {
        await qr.commitTransaction();
        return 0;
      }
      this.logger.debug('claimed outbox rows', { first: rows[0].id, last: rows[rows.length - 1].id, count: rows.length });
      await this.send(rows);
      await this.options.afterSendHook?.(rows);
      await qr.query(
        `UPDATE outbox SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1::bigint[])`,
        [rows.map((r) => r.id)],
      );
      await qr.commitTransaction();
      this.published += rows.length;
      return rows.length;
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      if (rows.length > 0) await this.recordFailure(rows, err);
      throw err;
    } finally {
      await qr.release();
    }
  }

  /** Gauge values for /metrics: how much is waiting and for how long. */
  async backlog(): Promise<OutboxBacklog> {
    const [r] = await this.options.dataSource.query(
      `SELECT count(*)::int AS count,
              COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS age
         FROM outbox WHERE published_at IS NULL`,
    );
    return { count: Number(r.count), oldestAgeSeconds: Math.max(0, Number(r.age)) };
  }

  /** Deletes rows published more than `olderThanMs` ago (kept meanwhile for audit and replay). Returns the count. */
  async prunePublished(olderThanMs: number): Promise<number> {
    const [, affected] = await this.options.dataSource.query(
      `DELETE FROM outbox WHERE published_at < now() - ($1::double precision * interval '1 millisecond')`,
      [olderThanMs],
    );
    return Number(affected ?? 0);
  }

  /** Rows this instance published since it was created. */
  get publishedCount(): number {
    return this.published;
  }

  private async send(rows: RelayedRow[]): Promise<void> {
    if (!this.producer) {
      const producer = this.options.producerFactory?.() ??
        createKafkaProducer({ brokers: this.options.brokers, clientId: this.options.clientId, idempotent: true, logger: this.logger });
      await producer.connect();
      this.producer = producer;
    }
    const producer = this.producer;
    try {
      // One request after another, in id order, so per-key order holds across the runs. Each request's
      // events go out under a producer span continuing the trace stored with them (tracing.ts).
      await inPublishSpans(rows, async (traced) => {
        for (const run of chunkByPayloadBytes(traced, MAX_REQUEST_PAYLOAD_BYTES)) await producer.send(groupByTopic(run));
      });
    } catch (err) {
      // A fresh producer (new producer id, new sequence numbers) is the reliable way back after a broker outage.
      await this.disconnectProducer();
      throw err;
    }
  }

  private async recordFailure(rows: RelayedRow[], err: unknown) {
    try {
      await this.options.dataSource.query(
        `UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[]) AND published_at IS NULL`,
        [rows.map((r) => r.id), errorText(err)],
      );
    } catch (recordErr) {
      this.logger.warn('could not record outbox send failure', { error: (recordErr as Error).message });
    }
  }

  private async disconnectProducer() {
    const p = this.producer;
    this.producer = null;
    if (p) await p.disconnect().catch(() => undefined);
  }

  private notify() {
    this.woken = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.woken = false;
      let published = 0;
      try {
        published = await this.relayOnce();
        this.consecutiveFailures = 0;
      } catch (err) {
        this.consecutiveFailures += 1;
        const delay = backoffDelay(this.consecutiveFailures, this.options.backoff ?? { baseMs: 200, maxMs: 5_000 });
        this.logger.warn('outbox relay send failed; rows stay unpublished', { error: errorText(err), retryTime: delay });
        await this.idle(delay, false);
        continue;
      }
      // Rows found means more may be waiting (a claim stops at batchSize rows or MAX_CLAIM_BYTES): go again
      // without sleeping until a claim finds none.
      if (published === 0) await this.idle(this.pollIntervalMs, true);
    }
  }

  /** Sleeps up to `ms`, cut short by stop() and, if `wakeOnNotify`, by a NOTIFY. */
  private idle(ms: number, wakeOnNotify: boolean): Promise<void> {
    if (!this.running || (wakeOnNotify && this.woken)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = () => {
        if (!this.running || wakeOnNotify) done();
      };
    });
  }
}

function toRelayedRow(r: Row): RelayedRow {
  return {
    id: r.id,
    eventId: r.event_id,
    topic: r.topic,
    key: r.message_key,
    payload: r.payload,
    headers: eventHeaders({ id: r.event_id, type: r.type, source: r.source }, JSON.parse(r.headers) as Record<string, string>),
  };
}
