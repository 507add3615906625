import { deadLetterTopic, parseEvent, type CloudEvent } from '@wdp/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { backoffDelay, sleep, type BackoffOptions } from './backoff';
import {
  ConsumerSupervisor, type ConsumerHealth, type ConsumerLifecycleEvent, type ConsumerReadinessOptions, type ManagedConsumer,
} from './consumer-supervisor';
import { deadLetterHeaders, DLQ_HEADER, errorText, eventHeaders, headersToRecord } from './headers';
import { createKafka, type BatchControl, type ReceivedBatch, type ReceivedMessage } from './kafka-client';
import { silentMessagingLogger, type MessagingLogger } from './logger';
import { createKafkaProducer, type EventProducer, type OutgoingMessage } from './producer';
import { inProcessSpans } from './tracing';
import { GroupFailure, WorkGroup } from './work-group';

/** An event as the handler sees it: the parsed envelope plus where it came from. */
export interface ConsumedEvent<T = unknown> {
  event: CloudEvent<T>;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  /** Broker timestamp (ms since epoch, as a string, like kafkajs). */
  timestamp: string;
  /** W3C context of the consumer span processing this event (tracing.ts); undefined if it came untraced. */
  traceparent?: string;
}

/**
 * Part of an event the handler could not apply while it applied the rest (an item of a batch event that fails
 * its checks). It goes to the dead-letter topic as its own event (`event`, with an id of its own, so replaying
 * it is not mistaken for the applied original), and the original counts as applied.
 */
export interface RejectedPart {
  from: ConsumedEvent;
  event: CloudEvent;
  error: string;
}

export interface EventBatchOutcome {
  rejected?: RejectedPart[];
}

/**
 * Applies new events inside the consumer's transaction. It receives only events this consumer has not
 * applied before, in partition order; throwing rolls everything back (inbox rows included). Parts it rejects
 * are dead-lettered before the transaction commits, so they are never lost: if the send fails, nothing commits.
 */
export type EventBatchHandler = (events: ConsumedEvent[], manager: EntityManager) => Promise<void | EventBatchOutcome>;

export interface InboxConsumerOptions {
  dataSource: DataSource;
  brokers: string;
  /** Kafka consumer group; also the inbox `consumer` name unless `consumerName` is set. */
  groupId: string;
  topics: string[];
  handler: EventBatchHandler;
  clientId?: string;
  consumerName?: string;
  /** Where a group with no committed offset starts. */
  fromBeginning?: boolean;
  /** Individual attempts per message after its batch failed, before it is dead-lettered. */
  maxRetries?: number;
  /** Delay before individual attempt n: min(maxMs, baseMs·2^(n-1)). */
  retryBackoff?: BackoffOptions;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /**
   * Longest time a fetch waits for new messages. kafkajs' stop() waits for the fetch in flight, so this also
   * bounds how long a shutdown takes; the cost of a low value is one small request per interval when idle.
   */
  maxWaitTimeMs?: number;
  /**
   * Most bytes fetched per partition, hence the largest batch (kafkajs default 1 MiB). A handler with a fixed
   * cost per batch (the monitoring service recomputes the touched assessments once per batch) catches up
   * faster with larger batches.
   */
  maxBytesPerPartition?: number;
  logger?: MessagingLogger;
  /** Replace the producer used for dead letters. */
  deadLetterProducerFactory?: () => EventProducer;
  /**
   * Runs before each attempt to join (e.g. ensureTopics): on a new broker the topics may not exist yet, and
   * subscribing to a missing topic fails. A failure here is retried like any failed join.
   */
  beforeJoin?: () => Promise<void>;
  /** Backoff between attempts to (re)join after a failure the client does not recover from itself. */
  restartBackoff?: BackoffOptions;
  /** When the consumer stops counting as ready (see ConsumerSupervisor and docs/operations.md). */
  readiness?: ConsumerReadinessOptions & { stuckMs?: number };
  /**
   * Called after each batch's offsets are committed and its lag recorded (caughtUp() already counts it), so
   * whatever follows the consumer's progress (monitoring's alert settler) is woken rather than polling.
   */
  afterBatch?: () => void;
  /**
   * Partition batches the client hands over at once (kafkajs' partitionsConsumedConcurrently). Batches handed
   * over together are applied in one transaction, so the consumer's fixed cost per transaction (the inbox
   * statement, the handler's statements, the commit) is paid once per fetch rather than once per partition.
   * 1 (the default) applies each partition's batch on its own.
   */
  concurrentPartitions?: number;
}

export interface InboxConsumerStats {
  batches: number;
  /** Events applied by the handler (duplicates excluded). */
  processed: number;
  /** Events the inbox had already seen. */
  duplicates: number;
  deadLettered: number;
  /** Database transactions that applied batches: fewer than `batches` when partitions' batches were applied together. */
  transactions: number;
  /** Per `topic/partition`: messages after the last processed one, from the batch's high watermark. */
  lag: Record<string, number>;
}

interface Item {
  message: ReceivedMessage;
  event?: CloudEvent;
  parseError?: unknown;
}

interface DeadLetter {
  item: Item;
  error: unknown;
  attempts: number;
}

/** Picks, from events in delivery order, those whose ids are in `fresh`, each id once (first occurrence). */
export function selectNewEvents<E extends { event: { id: string } }>(events: readonly E[], fresh: Iterable<string>): E[] {
  const remaining = new Set(fresh);
  return events.filter((e) => remaining.delete(e.event.id));
}

/** True when every partition's lag (per `topic/partition`, as InboxConsumerStats keeps it) is 0; true for none. */
export function lagIsZero(lag: Readonly<Record<string, number>>): boolean {
  return Object.values(lag).every((n) => n === 0);
}

/** The offset to commit after processing `offset`: Kafka stores the next offset to read. */
export function nextOffset(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}

/**
 * Consumes batches, dedupes through the inbox, and commits offsets only after the database transaction
 * that applied the batch has committed. A batch that fails is retried message by message with backoff;
 * a message that still fails, or cannot be parsed, goes to `<topic>.dlq` and consumption continues.
 */
export class InboxConsumer {
  private readonly consumerName: string;
  private readonly maxRetries: number;
  private readonly retryBackoff: BackoffOptions;
  private readonly logger: MessagingLogger;
  private supervisor: ConsumerSupervisor | null = null;
  private dlqProducer: EventProducer | null = null;
  /** Every transaction of this consumer goes through it: batches handed over together share one. */
  private readonly group = new WorkGroup<ConsumedEvent[]>((batches) => this.applyInTransaction(batches.flat()));
  private readonly counters: InboxConsumerStats = { batches: 0, processed: 0, duplicates: 0, deadLettered: 0, transactions: 0, lag: {} };

  constructor(private readonly options: InboxConsumerOptions) {
    this.consumerName = options.consumerName ?? options.groupId;
    this.maxRetries = options.maxRetries ?? 3;
    this.retryBackoff = options.retryBackoff ?? { baseMs: 100, maxMs: 2_000 };
    this.logger = options.logger ?? silentMessagingLogger;
  }

  /**
   * Connects, subscribes and starts consuming. Never throws for an unreachable broker or a missing topic: the
   * attempt is retried with backoff, forever, as is every later crash. `ready()` waits for the join; `health()`
   * says whether the consumer is in its group now.
   */
  async start(): Promise<void> {
    if (this.supervisor) return;
    const o = this.options;
    this.dlqProducer = o.deadLetterProducerFactory?.() ??
      createKafkaProducer({ brokers: o.brokers, clientId: `${o.clientId ?? o.groupId}-dlq`, idempotent: false, logger: this.logger });
    this.supervisor = new ConsumerSupervisor({
      name: o.groupId,
      create: (emit) => this.incarnation(emit),
      backoff: o.restartBackoff,
      sessionTimeoutMs: o.sessionTimeoutMs ?? 30_000,
      ...o.readiness,
      logger: this.logger,
    });
    await this.supervisor.start();
  }

  /** Resolves once the consumer is a member of its group (partitions assigned), or rejects after `timeoutMs`. */
  async ready(timeoutMs = 30_000): Promise<void> {
    if (!this.supervisor) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`consumer ${this.options.groupId} did not join within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.supervisor.joined(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Group membership and readiness now, for /health/ready and the consumer metrics. */
  health(): ConsumerHealth {
    return this.supervisor?.health() ??
      { name: this.options.groupId, member: false, ready: false, reason: 'not started', assignedPartitions: 0, restarts: 0 };
  }

  /** Waits for the in-flight batch to commit, then leaves the group and disconnects. */
  async stop(): Promise<void> {
    const s = this.supervisor;
    const p = this.dlqProducer;
    this.supervisor = null;
    this.dlqProducer = null;
    try {
      if (s) await s.stop();
    } finally {
      if (p) await p.disconnect();
    }
  }

  /** One client's consumer; the supervisor makes a new one whenever the previous one cannot recover. */
  private incarnation(emit: (event: ConsumerLifecycleEvent) => void): ManagedConsumer {
    const o = this.options;
    const consumer = createKafka({ brokers: o.brokers, clientId: o.clientId ?? o.groupId, logger: this.logger }).consumer({
      groupId: o.groupId,
      sessionTimeoutMs: o.sessionTimeoutMs ?? 30_000,
      heartbeatIntervalMs: o.heartbeatIntervalMs ?? 3_000,
      maxWaitTimeMs: o.maxWaitTimeMs ?? 1_000,
      maxBytesPerPartition: o.maxBytesPerPartition,
      concurrentPartitions: o.concurrentPartitions,
      // Retriable errors: the client retries (kafkajs then restarts the consumer itself); the supervisor covers the rest.
      retry: { initialMs: 300, maxMs: 10_000, retries: 8 },
      onEvent: (event) => {
        if (event.type === 'joined') this.logger.info('consumer joined its group', { groupId: o.groupId, partition: event.assignedPartitions });
        // The assignment may have changed: a revoked partition's lag is another member's now, and would never be updated here.
        if (event.type === 'joined') this.counters.lag = {};
        emit(event);
      },
    });
    return {
      start: async () => {
        await o.beforeJoin?.();
        await this.dlqProducer?.connect();
        await consumer.run({ topics: o.topics, fromBeginning: o.fromBeginning ?? false, eachBatch: (batch, control) => this.onBatch(batch, control) });
      },
      stop: () => consumer.stop(),
    };
  }

  /**
   * Deletes inbox rows older than `olderThanMs`. Keep them longer than the topics' retention (7 days here),
   * or a redelivered old event would no longer be recognised. Returns the number of rows deleted.
   */
  async pruneInbox(olderThanMs: number): Promise<number> {
    const [, affected] = await this.options.dataSource.query(
      `DELETE FROM inbox WHERE consumer = $1 AND processed_at < now() - ($2::double precision * interval '1 millisecond')`,
      [this.consumerName, olderThanMs],
    );
    return Number(affected ?? 0);
  }

  stats(): InboxConsumerStats {
    return { ...this.counters, lag: { ...this.counters.lag } };
  }

  /**
   * Whether the consumer has read all there was as of its last fetches: a member of its group, and every
   * partition it processed a batch of since it last joined ended that batch at the partition's high watermark.
   * A partition whose batch is being applied counts as behind. A partition with no batch since the join counts
   * as caught up (the client fetches every assigned partition, and one with messages to read yields a batch at
   * its next fetch), and so does one whose batch was fetched but not yet started.
   */
  caughtUp(): boolean {
    return this.health().member && lagIsZero(this.counters.lag);
  }

  private async onBatch(batch: ReceivedBatch, { heartbeat, isRunning, isStale, commit }: BatchControl): Promise<void> {
    if (batch.messages.length === 0) return;
    // Behind while the batch is applied: whoever asks caughtUp() meanwhile must not take its partition as read.
    this.counters.lag[`${batch.topic}/${batch.partition}`] = Math.max(1, Number(BigInt(batch.highWatermark) - BigInt(batch.messages[0].offset)));
    const items: Item[] = batch.messages.map((message) => {
      try {
        return { message, event: parseEvent(message.value) };
      } catch (parseError) {
        return { message, parseError };
      }
    });
    // kafkajs throttles heartbeats to heartbeatInterval, so ticking often is cheap and keeps long batches alive.
    const ticker = setInterval(() => heartbeat().catch(() => undefined), 1_000);
    const deadLetters: DeadLetter[] = items.filter((i) => i.parseError).map((item) => ({ item, error: item.parseError, attempts: 1 }));
    let done = items.length; // how many items (in order) are settled: applied, duplicate or dead-lettered
    try {
      const valid = items.filter((i) => i.event);
      try {
        await this.applyBatch(batch, valid);
      } catch (batchError) {
        this.logger.warn('batch failed; retrying its messages one by one', {
          topic: batch.topic, partition: batch.partition, error: errorText(batchError),
        });
        done = 0;
        for (const item of items) {
          if (!isRunning() || isStale()) break;
          if (item.event) {
            const failure = await this.applyWithRetries(batch, item, heartbeat, isRunning);
            if (failure === 'stopped') break;
            if (failure) deadLetters.push(failure);
          }
          done += 1;
        }
      }
      const settled = new Set(items.slice(0, done));
      await this.sendDeadLetters(batch, deadLetters.filter((d) => settled.has(d.item)));
    } finally {
      clearInterval(ticker);
    }
    if (done === 0) return;
    const last = items[done - 1].message.offset;
    await commit(nextOffset(last));
    this.counters.batches += 1;
    this.counters.lag[`${batch.topic}/${batch.partition}`] = Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(nextOffset(last))));
    try {
      this.options.afterBatch?.();
    } catch (err) {
      // The batch is committed: a follower's failure must not make the client read it again.
      this.logger.warn('afterBatch callback failed', { error: errorText(err) });
    }
  }

  /**
   * Applies a partition's batch together with the other partitions' batches handed over with it, in one
   * transaction. If that shared transaction fails, this batch is tried once more on its own before the caller
   * falls back to message by message: another partition's poison message must not cost this one its batch.
   */
  private async applyBatch(batch: ReceivedBatch, items: Item[]): Promise<void> {
    if (items.length === 0) return;
    const consumed = items.map((i) => toConsumed(batch, i));
    try {
      await this.group.submit(consumed);
    } catch (err) {
      if (!(err instanceof GroupFailure)) throw err;
      if (err.size === 1) throw err.cause;
      await this.group.exclusive(() => this.applyInTransaction(consumed));
    }
  }

  private async applyInTransaction(consumed: ConsumedEvent[]): Promise<void> {
    if (consumed.length === 0) return;
    const counts = await this.options.dataSource.transaction(async (manager) => {
      const ids = [...new Set(consumed.map((c) => c.event.id))];
      const inserted: { event_id: string }[] = await manager.query(
        `INSERT INTO inbox (consumer, event_id) SELECT $1, unnest($2::text[])
           ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id`,
        [this.consumerName, ids],
      );
      const fresh = selectNewEvents(consumed, inserted.map((r) => r.event_id));
      const outcome = fresh.length > 0 ? await inProcessSpans(fresh, this.consumerName, () => this.options.handler(fresh, manager)) : undefined;
      const rejected = outcome?.rejected ?? [];
      await this.sendRejectedParts(rejected);
      return { processed: fresh.length, duplicates: consumed.length - fresh.length, rejected: rejected.length };
    });
    // transaction() resolves only after COMMIT succeeded, so these count applied work only.
    this.counters.processed += counts.processed;
    this.counters.duplicates += counts.duplicates;
    this.counters.deadLettered += counts.rejected;
    this.counters.transactions += 1;
  }

  private async sendRejectedParts(parts: readonly RejectedPart[]): Promise<void> {
    if (parts.length === 0) return;
    const failedAt = new Date();
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const { from, event, error } of parts) {
      this.logger.warn('part of an event rejected; dead-lettering it', { topic: from.topic, partition: from.partition, eventId: from.event.id, error });
      const topic = deadLetterTopic(from.topic);
      let messages = byTopic.get(topic);
      if (!messages) byTopic.set(topic, (messages = []));
      messages.push({
        key: from.key,
        value: JSON.stringify(event),
        headers: deadLetterHeaders(eventHeaders(event, { ...from.headers, [DLQ_HEADER.originalEventId]: from.event.id }), {
          topic: from.topic, partition: from.partition, offset: from.offset, consumer: this.consumerName, error, attempts: 1, failedAt,
        }),
      });
    }
    await this.dlqProducer!.send([...byTopic].map(([topic, messages]) => ({ topic, messages })));
  }

  /** Returns null when applied, a DeadLetter after the last failed attempt, or 'stopped' if asked to stop. */
  private async applyWithRetries(
    batch: ReceivedBatch, item: Item, heartbeat: () => Promise<void>, isRunning: () => boolean,
  ): Promise<DeadLetter | null | 'stopped'> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.maxRetries; attempt++) {
      await sleep(backoffDelay(attempt, this.retryBackoff));
      if (!isRunning()) return 'stopped';
      await heartbeat().catch(() => undefined);
      try {
        await this.group.exclusive(() => this.applyInTransaction([toConsumed(batch, item)]));
        return null;
      } catch (err) {
        lastError = err;
      }
    }
    // A database that is down fails every message alike; that is an outage, not a poison message. Throwing
    // leaves the offsets uncommitted, and the client reads the batch again (kafkajs retries it, restarting the
    // consumer if need be; the platformatic adapter's next client resumes from the commit).
    await this.options.dataSource.query('SELECT 1');
    this.logger.warn('message failed after retries; dead-lettering', {
      topic: batch.topic, partition: batch.partition, error: errorText(lastError),
    });
    // +1 for the batch attempt that failed first.
    return { item, error: lastError, attempts: this.maxRetries + 1 };
  }

  private async sendDeadLetters(batch: ReceivedBatch, deadLetters: DeadLetter[]): Promise<void> {
    if (deadLetters.length === 0) return;
    const failedAt = new Date();
    const messages: OutgoingMessage[] = deadLetters.map(({ item, error, attempts }) => ({
      key: item.message.key ? item.message.key.toString('utf8') : null,
      value: item.message.value,
      headers: deadLetterHeaders(headersToRecord(item.message.headers), {
        topic: batch.topic,
        partition: batch.partition,
        offset: item.message.offset,
        consumer: this.consumerName,
        error,
        attempts,
        failedAt,
      }),
    }));
    // Throws if the DLQ is unreachable: offsets are then not committed and the batch comes back.
    await this.dlqProducer!.send([{ topic: deadLetterTopic(batch.topic), messages }]);
    this.counters.deadLettered += deadLetters.length;
  }
}

function toConsumed(batch: ReceivedBatch, item: Item): ConsumedEvent {
  return {
    event: item.event!,
    topic: batch.topic,
    partition: batch.partition,
    offset: item.message.offset,
    key: item.message.key ? item.message.key.toString('utf8') : null,
    headers: headersToRecord(item.message.headers),
    timestamp: item.message.timestamp,
  };
}
