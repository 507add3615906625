import type { ConsumerLifecycleEvent } from './consumer-supervisor';
import type { RawHeaders } from './headers';
import { createKafkajsClient } from './kafkajs-client';
import type { MessagingLogger } from './logger';

/**
 * The Kafka client behind messaging. kafkajs is the default; it has been unmaintained since 2023, so every
 * use of a client goes through the ports below and a maintained one (@platformatic/kafka) can be chosen
 * with KAFKA_CLIENT without touching the outbox, the inbox or any app.
 */
export const KAFKA_CLIENTS = ['kafkajs', 'platformatic'] as const;
export type KafkaClientName = (typeof KAFKA_CLIENTS)[number];
export const DEFAULT_KAFKA_CLIENT: KafkaClientName = 'kafkajs';

/** KAFKA_CLIENT's value as a client name; unset or empty is the default, anything else unknown throws. */
export function kafkaClientName(value: string | undefined = process.env.KAFKA_CLIENT): KafkaClientName {
  if (value === undefined || value === '') return DEFAULT_KAFKA_CLIENT;
  if ((KAFKA_CLIENTS as readonly string[]).includes(value)) return value as KafkaClientName;
  throw new Error(`KAFKA_CLIENT must be one of ${KAFKA_CLIENTS.join(', ')} (got ${JSON.stringify(value)})`);
}

export interface KafkaClientOptions {
  /** Comma-separated `host:port` list, as in KAFKA_BROKERS. */
  brokers: string;
  clientId: string;
  logger?: MessagingLogger;
  /** Which library; by default KAFKA_CLIENT from the environment, else kafkajs. */
  client?: KafkaClientName;
  /** For callers that need a quick answer (the health probe); the defaults suit the relay and the consumers. */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  retries?: number;
}

export { parseBrokers } from './brokers';

export interface OutgoingMessage {
  /** Partition key; messages with the same key keep their order. */
  key: string | null;
  value: string | Buffer | null;
  headers: Record<string, string>;
  /** An explicit partition instead of the key's (tests placing events on chosen partitions). */
  partition?: number;
}

export interface TopicBatch {
  topic: string;
  messages: OutgoingMessage[];
}

/**
 * What the relay and the dead-letter path need from a Kafka producer. `send` resolves only when the broker has
 * acknowledged every message (acks = all). Keys are partitioned with Java's murmur2 by every implementation,
 * so a key lands on the same partition whichever client (or language) produced it.
 */
export interface EventProducer {
  connect(): Promise<void>;
  send(batches: TopicBatch[]): Promise<void>;
  disconnect(): Promise<void>;
}

export interface ProducerSettings {
  /** Idempotent producer: the broker dedupes retried sends, so a retry cannot reorder or duplicate within a session. */
  idempotent: boolean;
}

export interface ReceivedMessage {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: RawHeaders;
  /** Broker timestamp, ms since epoch, as a string. */
  timestamp: string;
}

/** Consecutive messages of one partition, in offset order. */
export interface ReceivedBatch {
  topic: string;
  partition: number;
  /** The partition's end offset as last seen (for lag); never below the batch's last offset + 1. */
  highWatermark: string;
  messages: ReceivedMessage[];
}

export interface BatchControl {
  /** Keeps the group session alive during a long batch (a no-op for clients that heartbeat on their own). */
  heartbeat(): Promise<void>;
  /** False once stop() was called: leave the batch as soon as possible. */
  isRunning(): boolean;
  /** True once the partition is no longer this member's (a rebalance took it away). */
  isStale(): boolean;
  /** Commits `next` (the offset after the last message applied) for the batch's partition. */
  commit(next: string): Promise<void>;
}

export interface GroupConsumerSettings {
  groupId: string;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Longest a fetch waits for new messages; also bounds how long stop() waits for the fetch in flight. */
  maxWaitTimeMs?: number;
  maxBytesPerPartition?: number;
  /** Partition batches of one fetch handed to `eachBatch` at once, not one after the other (default 1). */
  concurrentPartitions?: number;
  /** Retries of retriable errors inside the client, before it gives up (and the supervisor takes over). */
  retry?: { initialMs: number; maxMs: number; retries: number };
  /** Group membership and liveness, for the supervisor. */
  onEvent?: (event: ConsumerLifecycleEvent) => void;
}

export interface ConsumeOptions {
  topics: string[];
  /** Where a group with no committed offset starts. */
  fromBeginning: boolean;
  /**
   * One partition's batch a call; up to `concurrentPartitions` calls at once, each for its own partition.
   * Nothing is committed unless the batch commits it.
   */
  eachBatch(batch: ReceivedBatch, control: BatchControl): Promise<void>;
  /**
   * A throwaway group (tools, tests): each message is handed over once, whether or not it was committed.
   * Otherwise a batch not committed through its last message is read again from the committed offset.
   */
  throwaway?: boolean;
}

export interface GroupConsumer {
  /** Connects, joins the group and starts handing batches to `eachBatch`; rejects if it cannot start. */
  run(options: ConsumeOptions): Promise<void>;
  /** Waits for the batch in flight, leaves the group and disconnects. */
  stop(): Promise<void>;
}

export interface TopicToCreate {
  name: string;
  partitions: number;
  replicationFactor?: number;
}

export interface PartitionOffsets {
  partition: number;
  low: string;
  high: string;
}

export interface KafkaAdmin {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  listTopics(): Promise<string[]>;
  /** Creates the topics; one that exists already (another process won the race) is not an error. */
  createTopics(topics: TopicToCreate[], options?: { timeoutMs?: number }): Promise<void>;
  /** Each topic's partition leaders from fresh metadata (-1: no leader); a topic the broker does not know is absent. */
  partitionLeaders(topics: string[]): Promise<Map<string, number[]>>;
  /** Low and high watermark per partition. */
  topicOffsets(topic: string): Promise<PartitionOffsets[]>;
  /** Brokers in the cluster (the health probe's question). */
  brokerCount(): Promise<number>;
  deleteTopics(topics: string[]): Promise<void>;
  deleteGroups(groupIds: string[]): Promise<void>;
}

/** One configured connection to a cluster, from which producers, group consumers and admins are made. */
export interface KafkaClient {
  readonly name: KafkaClientName;
  producer(settings: ProducerSettings): EventProducer;
  consumer(settings: GroupConsumerSettings): GroupConsumer;
  admin(): KafkaAdmin;
}

/** The only place a Kafka client is chosen. */
export function createKafka(options: KafkaClientOptions): KafkaClient {
  const name = options.client ?? kafkaClientName();
  if (name !== 'platformatic') return createKafkajsClient(options);
  // Loaded only when chosen: @platformatic/kafka adds about 2.5 s of start-up to every process that loads it.
  const { createPlatformaticClient } = require('./platformatic-client') as typeof import('./platformatic-client');
  return createPlatformaticClient(options);
}
