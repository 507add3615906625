import { Partitioners, type Producer } from 'kafkajs';
import { createKafka } from './kafka-client';
import type { MessagingLogger } from './logger';

export interface OutgoingMessage {
  /** Partition key; messages with the same key keep their order. */
  key: string | null;
  value: string | Buffer | null;
  headers: Record<string, string>;
}

export interface TopicBatch {
  topic: string;
  messages: OutgoingMessage[];
}

/**
 * What the relay and the dead-letter path need from a Kafka client. kafkajs implements it today; another
 * client (e.g. @confluentinc/kafka-javascript) can replace it without touching the outbox or inbox logic.
 * `send` resolves only when the broker has acknowledged every message (acks = all).
 */
export interface EventProducer {
  connect(): Promise<void>;
  send(batches: TopicBatch[]): Promise<void>;
  disconnect(): Promise<void>;
}

export interface KafkaProducerOptions {
  brokers: string;
  clientId: string;
  /** Idempotent producer: broker dedupes retried sends, so a retry cannot reorder or duplicate within a session. */
  idempotent?: boolean;
  logger?: MessagingLogger;
}

export function createKafkaProducer({ brokers, clientId, idempotent = true, logger }: KafkaProducerOptions): EventProducer {
  const kafka = createKafka({ brokers, clientId, logger });
  let producer: Producer | null = null;
  return {
    async connect() {
      if (producer) return;
      const p = kafka.producer({
        idempotent,
        maxInFlightRequests: idempotent ? 1 : undefined,
        allowAutoTopicCreation: false,
        // Java-compatible murmur2, so keys land on the same partitions as with any other Kafka client.
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await p.connect();
      producer = p;
    },
    async send(batches) {
      if (!producer) await this.connect();
      const topicMessages = batches
        .filter((b) => b.messages.length > 0)
        .map((b) => ({
          topic: b.topic,
          messages: b.messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
        }));
      if (topicMessages.length === 0) return;
      await producer!.sendBatch({ topicMessages, acks: -1 });
    },
    async disconnect() {
      const p = producer;
      producer = null;
      if (p) await p.disconnect();
    },
  };
}
