import { Kafka, logLevel } from 'kafkajs';
import { kafkaLogCreator, silentMessagingLogger, type MessagingLogger } from './logger';

export interface KafkaClientOptions {
  /** Comma-separated `host:port` list, as in KAFKA_BROKERS. */
  brokers: string;
  clientId: string;
  logger?: MessagingLogger;
}

export function parseBrokers(brokers: string): string[] {
  const list = brokers.split(',').map((b) => b.trim()).filter(Boolean);
  if (list.length === 0) throw new Error('KAFKA_BROKERS is empty');
  return list;
}

/**
 * The only place a kafkajs client is constructed. Retries are short: against a local single broker a
 * failure is either transient (ms) or the broker is down, and callers (relay, consumer) own the long backoff.
 */
export function createKafka({ brokers, clientId, logger = silentMessagingLogger }: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId,
    brokers: parseBrokers(brokers),
    connectionTimeout: 3_000,
    requestTimeout: 15_000,
    retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 5 },
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logger),
  });
}
