export { backoffDelay, DEFAULT_BACKOFF, EQUAL_JITTER, retryAfterMs, sleep, type BackoffOptions } from './backoff';
export { chunk, maxRowsPerStatement, PG_MAX_BIND_PARAMETERS } from './chunk';
export {
  ConsumerSupervisor, DEFAULT_READINESS, unrefTimers,
  type ConsumerHealth, type ConsumerLifecycleEvent, type ConsumerReadinessOptions, type ConsumerSupervisorOptions, type ManagedConsumer, type SupervisorTimers,
} from './consumer-supervisor';
export {
  deadLetterHeaders, DLQ_HEADER, errorText, eventHeaders, headersToRecord, type DeadLetterOrigin, type RawHeaders,
} from './headers';
export {
  InboxConsumer, nextOffset, selectNewEvents,
  type ConsumedEvent, type EventBatchHandler, type EventBatchOutcome, type RejectedPart, type InboxConsumerOptions, type InboxConsumerStats,
} from './inbox-consumer';
export {
  createKafka, DEFAULT_KAFKA_CLIENT, KAFKA_CLIENTS, kafkaClientName, parseBrokers,
  type BatchControl, type ConsumeOptions, type GroupConsumer, type GroupConsumerSettings, type KafkaAdmin, type KafkaClient,
  type KafkaClientName, type KafkaClientOptions, type PartitionOffsets, type ProducerSettings, type ReceivedBatch, type ReceivedMessage,
  type TopicToCreate,
} from './kafka-client';
export { keyPartition } from './kafkajs-client';
export { consoleMessagingLogger, silentMessagingLogger, type MessagingLogger } from './logger';
export { CreateInbox1764380000001, CreateOutbox1764380000000, messagingMigrations } from './migrations';
export { groupByTopic, OutboxRelay, type OutboxBacklog, type OutboxRelayOptions, type RelayedRow } from './outbox-relay';
export {
  enqueueEvents, OUTBOX_CHANNEL, OUTBOX_ROWS_PER_INSERT, OutboxOutsideTransactionError, outboxInsert, outboxInserts,
  type OutboxMessage, type SqlStatement,
} from './outbox-writer';
export { createKafkaProducer, type EventProducer, type KafkaProducerOptions, type OutgoingMessage, type TopicBatch } from './producer';
export {
  contextFrom, currentTraceparent, formatTraceparent, inLinkedSpan, inOutboxSpan, inProcessSpans, inPublishSpans, inSpan, MAX_SPAN_LINKS,
  parentAndLinks, parseTraceparent, recordFailure, TRACEPARENT_HEADER, traceparentOf, withTraceparent, type SpanOptions, type TracedEvent,
} from './tracing';
export { ensureTopics, keepEnsuringTopics, type EnsureTopicsOptions, type KeepEnsuringTopicsOptions } from './topics';
