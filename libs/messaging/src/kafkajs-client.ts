import { Kafka, logLevel, Partitioners, type Admin, type PartitionMetadata, type Producer } from 'kafkajs';
import { parseBrokers } from './brokers';
import type {
  ConsumeOptions, EventProducer, GroupConsumer, GroupConsumerSettings, KafkaAdmin, KafkaClient, KafkaClientOptions, ProducerSettings,
} from './kafka-client';
import { kafkaLogCreator, silentMessagingLogger } from './logger';
import { partitionRequests } from './partition-requests';

/**
 * The kafkajs implementation of the client ports. Retries are short: a failure is either transient (ms) or
 * the broker is down, and the callers (relay, consumer supervisor) own the long backoff.
 */
export function createKafkajsClient({
  brokers, clientId, logger = silentMessagingLogger, connectionTimeoutMs = 3_000, requestTimeoutMs = 15_000, retries = 5,
}: KafkaClientOptions): KafkaClient {
  const kafka = new Kafka({
    clientId,
    brokers: parseBrokers(brokers),
    connectionTimeout: connectionTimeoutMs,
    requestTimeout: requestTimeoutMs,
    retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries },
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logger),
  });
  return {
    name: 'kafkajs',
    producer: (settings) => producer(kafka, settings),
    consumer: (settings) => groupConsumer(kafka, settings),
    admin: () => admin(kafka.admin()),
  };
}

function producer(kafka: Kafka, { idempotent }: ProducerSettings): EventProducer {
  let p: Producer | null = null;
  // Partitions per topic, to split each send into one request per partition (partition-requests.ts).
  const partitionsOf = new Map<string, PartitionMetadata[]>();
  const partitioner = Partitioners.DefaultPartitioner();
  let metadataAdmin: Admin | null = null;
  const learnPartitions = async (topics: string[]) => {
    const unknown = topics.filter((t) => !partitionsOf.has(t));
    if (unknown.length === 0) return;
    if (!metadataAdmin) {
      metadataAdmin = kafka.admin();
      await metadataAdmin.connect();
    }
    const { topics: found } = await metadataAdmin.fetchTopicMetadata({ topics: unknown });
    for (const t of found) partitionsOf.set(t.name, t.partitions);
  };
  return {
    async connect() {
      if (p) return;
      const created = kafka.producer({
        idempotent,
        maxInFlightRequests: idempotent ? 1 : undefined,
        allowAutoTopicCreation: false,
        // Java-compatible murmur2, so keys land on the same partitions as with any other Kafka client.
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await created.connect();
      p = created;
    },
    async send(batches) {
      if (!p) await this.connect();
      const topicMessages = batches
        .filter((b) => b.messages.length > 0)
        .map((b) => ({
          topic: b.topic,
          messages: b.messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers, partition: m.partition })),
        }));
      if (topicMessages.length === 0) return;
      try {
        await learnPartitions(topicMessages.map((t) => t.topic));
        const requests = partitionRequests(topicMessages, (topic, message) =>
          partitioner({ topic, partitionMetadata: partitionsOf.get(topic)!, message: { key: message.key, value: message.value } }));
        await Promise.all(requests.map((request) => p!.sendBatch({ topicMessages: [request], acks: -1 })));
      } catch (err) {
        // A topic may have gained partitions; learn them again before the caller's retry.
        partitionsOf.clear();
        throw err;
      }
    },
    async disconnect() {
      const current = p;
      const admin = metadataAdmin;
      p = null;
      metadataAdmin = null;
      partitionsOf.clear();
      if (admin) await admin.disconnect().catch(() => undefined);
      if (current) await current.disconnect();
    },
  };
}

function groupConsumer(kafka: Kafka, s: GroupConsumerSettings): GroupConsumer {
  const consumer = kafka.consumer({
    groupId: s.groupId,
    sessionTimeout: s.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: s.heartbeatIntervalMs ?? 3_000,
    maxWaitTimeInMs: s.maxWaitTimeMs ?? 1_000,
    ...(s.maxBytesPerPartition ? { maxBytesPerPartition: s.maxBytesPerPartition, maxBytes: Math.max(10 << 20, s.maxBytesPerPartition * 4) } : {}),
    allowAutoTopicCreation: false,
    // Retriable errors: kafkajs retries, then restarts the consumer itself; the supervisor covers the rest.
    ...(s.retry ? { retry: { initialRetryTime: s.retry.initialMs, maxRetryTime: s.retry.maxMs, retries: s.retry.retries } } : {}),
  });
  const emit = s.onEvent;
  if (emit) {
    const e = consumer.events;
    consumer.on(e.GROUP_JOIN, ({ payload }) => {
      const assignedPartitions = Object.values(payload.memberAssignment ?? {}).reduce((n, parts) => n + parts.length, 0);
      emit({ type: 'joined', assignedPartitions });
    });
    consumer.on(e.REBALANCING, () => emit({ type: 'rebalancing' }));
    // Not FETCH_START: a fetch that starts and fails (broker gone) is no sign of life.
    for (const active of [e.FETCH, e.HEARTBEAT, e.START_BATCH_PROCESS, e.END_BATCH_PROCESS]) consumer.on(active, () => emit({ type: 'active' }));
    consumer.on(e.CRASH, ({ payload }) => emit({ type: 'crashed', error: payload.error, restart: payload.restart }));
    consumer.on(e.STOP, () => emit({ type: 'stopped' }));
    consumer.on(e.DISCONNECT, () => emit({ type: 'stopped' }));
  }
  return {
    async run({ topics, fromBeginning, eachBatch, throwaway = false }: ConsumeOptions) {
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning });
      await consumer.run({
        autoCommit: false,
        // Resolving moves kafkajs' fetch position: an unresolved rest of a batch is fetched again.
        eachBatchAutoResolve: throwaway,
        partitionsConsumedConcurrently: s.concurrentPartitions ?? 1,
        eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
          if (batch.messages.length === 0) return;
          await eachBatch(
            {
              topic: batch.topic,
              partition: batch.partition,
              highWatermark: batch.highWatermark,
              messages: batch.messages.map((m) => ({ offset: m.offset, key: m.key, value: m.value, headers: m.headers ?? {}, timestamp: m.timestamp })),
            },
            {
              heartbeat,
              isRunning,
              isStale,
              async commit(next) {
                resolveOffset((BigInt(next) - 1n).toString());
                await commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }] });
              },
            },
          );
        },
      });
    },
    stop: () => consumer.disconnect(),
  };
}

function admin(a: Admin): KafkaAdmin {
  return {
    connect: () => a.connect(),
    disconnect: () => a.disconnect(),
    listTopics: () => a.listTopics(),
    async createTopics(topics, { timeoutMs = 30_000 } = {}) {
      try {
        await a.createTopics({
          topics: topics.map((t) => ({ topic: t.name, numPartitions: t.partitions, ...(t.replicationFactor ? { replicationFactor: t.replicationFactor } : {}) })),
          waitForLeaders: true,
          timeout: timeoutMs,
        });
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
      }
    },
    async partitionLeaders(topics) {
      const { topics: found } = await a.fetchTopicMetadata({ topics });
      return new Map(found.map((t) => [t.name, t.partitions.map((p) => p.leader)]));
    },
    async topicOffsets(topic) {
      return (await a.fetchTopicOffsets(topic)).map(({ partition, low, high }) => ({ partition, low, high }));
    },
    async brokerCount() {
      return (await a.describeCluster()).brokers.length;
    },
    deleteTopics: (topics) => a.deleteTopics({ topics }),
    async deleteGroups(groupIds) {
      await a.deleteGroups(groupIds);
    },
  };
}

function isAlreadyExists(err: unknown): boolean {
  const e = err as { type?: string; errors?: { type?: string }[] };
  if (e?.type === 'TOPIC_ALREADY_EXISTS') return true;
  return Array.isArray(e?.errors) && e.errors.length > 0 && e.errors.every((x) => x?.type === 'TOPIC_ALREADY_EXISTS');
}

const keyPartitioner = Partitioners.DefaultPartitioner();
const metadataCache = new Map<number, PartitionMetadata[]>();

/**
 * The partition Kafka's default partitioner (Java-compatible murmur2, as every client we use) gives `key` on
 * a topic of `partitions` partitions: where a message keyed by it lands, computed before it is sent.
 */
export function keyPartition(key: string, partitions: number): number {
  let metadata = metadataCache.get(partitions);
  if (!metadata) {
    metadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 0, replicas: [0], isr: [0], partitionErrorCode: 0 }));
    metadataCache.set(partitions, metadata);
  }
  return keyPartitioner({ topic: '', partitionMetadata: metadata, message: { key, value: null } });
}
