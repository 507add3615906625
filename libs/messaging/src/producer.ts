import { createKafka, type EventProducer, type KafkaClientName } from './kafka-client';
import type { MessagingLogger } from './logger';

export type { EventProducer, OutgoingMessage, TopicBatch } from './kafka-client';

export interface KafkaProducerOptions {
  brokers: string;
  clientId: string;
  /** Idempotent producer: broker dedupes retried sends, so a retry cannot reorder or duplicate within a session. */
  idempotent?: boolean;
  logger?: MessagingLogger;
  /** Which client library (default: KAFKA_CLIENT, else kafkajs). */
  client?: KafkaClientName;
}

/** A producer on the configured client: acks = all, murmur2 keys, idempotent unless asked otherwise. */
export function createKafkaProducer({ brokers, clientId, idempotent = true, logger, client }: KafkaProducerOptions): EventProducer {
  return createKafka({ brokers, clientId, logger, client }).producer({ idempotent });
}
