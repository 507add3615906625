import {
  Admin, compatibilityPartitioner, Consumer, MessagesStreamFallbackModes, MessagesStreamModes, ProduceAcks, Producer,
  type Message, type MessagesStream,
} from '@platformatic/kafka';
import { backoffDelay } from './backoff';
import { parseBrokers } from './brokers';
import type {
  BatchControl, ConsumeOptions, EventProducer, GroupConsumer, GroupConsumerSettings, KafkaAdmin, KafkaClient, KafkaClientOptions,
  ReceivedBatch, TopicBatch,
} from './kafka-client';

// The @platformatic/kafka implementation of the client ports, on its native API: the package has no kafkajs
// compatibility layer (only a migration guide), and its consumer is a stream rather than kafkajs' eachBatch.

type Settings = Required<Pick<KafkaClientOptions, 'connectionTimeoutMs' | 'requestTimeoutMs' | 'retries'>> & KafkaClientOptions;

export function createPlatformaticClient(options: KafkaClientOptions): KafkaClient {
  const s: Settings = { connectionTimeoutMs: 3_000, requestTimeoutMs: 15_000, retries: 5, ...options };
  return {
    name: 'platformatic',
    producer: ({ idempotent }) => producer(s, idempotent),
    consumer: (settings) => new StreamGroupConsumer(s, settings),
    admin: () => admin(s),
  };
}

function base(s: Settings, retry = { initialMs: 100, maxMs: 2_000, retries: s.retries }) {
  return {
    clientId: s.clientId,
    bootstrapBrokers: parseBrokers(s.brokers),
    connectTimeout: s.connectionTimeoutMs,
    requestTimeout: s.requestTimeoutMs,
    timeout: s.requestTimeoutMs,
    retries: retry.retries,
    retryDelay: (_client: unknown, _op: string, attempt: number) => backoffDelay(attempt, { baseMs: retry.initialMs, maxMs: retry.maxMs }),
    autocreateTopics: false,
  };
}

const buffer = (v: string | Buffer | null | undefined): Buffer | undefined =>
  v === null || v === undefined ? undefined : typeof v === 'string' ? Buffer.from(v) : v;

function producer(s: Settings, idempotent: boolean): EventProducer {
  let p: Producer | null = null;
  const create = () => new Producer({
    ...base(s),
    idempotent,
    acks: ProduceAcks.ALL,
    // Java's murmur2 masked to a positive int, as kafkajs' DefaultPartitioner and the Java client place keys
    // (the package's own default partitioner differs for keys whose hash is negative).
    partitioner: compatibilityPartitioner,
  });
  return {
    async connect() {
      // Connections are lazy: the first send connects (and fails, if the broker is down, like kafkajs' connect).
      p ??= create();
    },
    async send(batches: TopicBatch[]) {
      p ??= create();
      const messages = batches.flatMap((b) => b.messages.map((m) => ({
        topic: b.topic,
        key: buffer(m.key),
        value: buffer(m.value),
        headers: new Map(Object.entries(m.headers).map(([k, v]) => [Buffer.from(k), Buffer.from(v)])),
        ...(m.partition !== undefined ? { partition: m.partition } : {}),
      })));
      if (messages.length === 0) return;
      await p.send({ messages, acks: ProduceAcks.ALL });
    },
    async disconnect() {
      const current = p;
      p = null;
      if (current) await current.close();
    },
  };
}

const partitionKey = (topic: string, partition: number) => `${topic}:${partition}`;

/** Splits what the stream has buffered into runs of one partition, each in offset order (arrival order). */
export function partitionRuns<M extends { topic: string; partition: number }>(messages: readonly M[]): M[][] {
  const runs = new Map<string, M[]>();
  for (const m of messages) {
    const k = partitionKey(m.topic, m.partition);
    const run = runs.get(k);
    if (run) run.push(m);
    else runs.set(k, [m]);
  }
  return [...runs.values()];
}

/** How often the partitions' end offsets are re-read for the batches' high watermark (lag). */
const END_OFFSETS_MAX_AGE_MS = 1_000;
/** A consumer that does not leave its group this fast is closed by force (the broker may be gone). */
const CLOSE_TIMEOUT_MS = 10_000;

/**
 * kafkajs' eachBatch on top of the package's message stream: the messages buffered at a time are split into
 * partition runs, handed over `concurrentPartitions` at a time, and committed only by the batch. The stream reads ahead from
 * where the last fetch ended, not from the committed offset, so a batch that is not committed through its last
 * message (failed, or left when stopping) ends this client: the supervisor's next one starts from the commit.
 */
class StreamGroupConsumer implements GroupConsumer {
  private readonly consumer: Consumer;
  private stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private ended = false;
  private endOffsets = new Map<string, bigint>();
  private endOffsetsAt = 0;
  private endOffsetsLoading = false;

  constructor(private readonly s: Settings, private readonly settings: GroupConsumerSettings) {
    const retry = settings.retry ?? { initialMs: 300, maxMs: 10_000, retries: 8 };
    this.consumer = new Consumer({
      ...base(s, retry),
      groupId: settings.groupId,
      sessionTimeout: settings.sessionTimeoutMs ?? 30_000,
      rebalanceTimeout: Math.max(60_000, settings.sessionTimeoutMs ?? 30_000),
      heartbeatInterval: settings.heartbeatIntervalMs ?? 3_000,
      maxWaitTime: settings.maxWaitTimeMs ?? 1_000,
      ...(settings.maxBytesPerPartition
        ? { maxBytesPerPartition: settings.maxBytesPerPartition, maxBytes: Math.max(10 << 20, settings.maxBytesPerPartition * 4) }
        : {}),
    });
    const emit = settings.onEvent ?? (() => undefined);
    this.consumer.on('consumer:group:join', ({ assignments }) =>
      emit({ type: 'joined', assignedPartitions: (assignments ?? []).reduce((n, a) => n + a.partitions.length, 0) }));
    this.consumer.on('consumer:group:rebalance', () => emit({ type: 'rebalancing' }));
    this.consumer.on('consumer:heartbeat:end', () => emit({ type: 'active' }));
    // A failed rejoin: the client does not recover from it by itself.
    this.consumer.on('error', (error: unknown) => this.crash(error));
  }

  async run({ topics, fromBeginning, eachBatch, throwaway = false }: ConsumeOptions): Promise<void> {
    this.running = true;
    const stream = await this.consumer.consume({
      topics,
      autocommit: false,
      mode: MessagesStreamModes.COMMITTED,
      fallbackMode: fromBeginning ? MessagesStreamFallbackModes.EARLIEST : MessagesStreamFallbackModes.LATEST,
    });
    this.stream = stream;
    stream.on('fetch', () => this.settings.onEvent?.({ type: 'active' }));
    // One 'readable' listener for the stream's life: without any, the stream counts as unread (flowing null)
    // and its fetch loop stops for good.
    stream.on('readable', () => this.wakeLoop?.());
    stream.on('close', () => this.wakeLoop?.());
    // A failed fetch or metadata request destroys the stream; the supervisor makes a new client.
    stream.on('error', (error) => this.crash(error));
    this.loop = this.consume(stream, eachBatch, throwaway).catch((error) => this.crash(error));
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeLoop?.();
    await this.loop;
    this.loop = null;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.consumer.close(true),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('consumer did not close in time')), CLOSE_TIMEOUT_MS))),
      ]);
    } finally {
      clearTimeout(timer);
      this.end();
    }
  }

  private wakeLoop: (() => void) | null = null;

  private end() {
    if (this.ended) return;
    this.ended = true;
    this.settings.onEvent?.({ type: 'stopped' });
  }

  private crash(error: unknown) {
    if (!this.running) return;
    this.running = false;
    this.wakeLoop?.();
    this.settings.onEvent?.({ type: 'crashed', error, restart: false });
  }

  private async consume(stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>, eachBatch: ConsumeOptions['eachBatch'], throwaway: boolean) {
    while (this.running) {
      const buffered: Message<Buffer, Buffer, Buffer, Buffer>[] = [];
      for (let m = stream.read(); m !== null; m = stream.read()) buffered.push(m as Message<Buffer, Buffer, Buffer, Buffer>);
      if (buffered.length === 0) {
        await this.readable(stream);
        continue;
      }
      this.refreshEndOffsets(stream);
      const runs = partitionRuns(buffered);
      const together = Math.max(1, this.settings.concurrentPartitions ?? 1);
      for (let i = 0; i < runs.length; i += together) {
        if (!this.running) return;
        const outcomes = await Promise.allSettled(runs.slice(i, i + together).map((run) => this.handOver(run, eachBatch, throwaway)));
        const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
        if (failed) throw failed.reason;
      }
    }
  }

  /** One partition run as a batch; throws if it was left uncommitted while the partition is still ours. */
  private async handOver(run: Message<Buffer, Buffer, Buffer, Buffer>[], eachBatch: ConsumeOptions['eachBatch'], throwaway: boolean): Promise<void> {
    const { topic, partition } = run[0];
    if (!this.assigned(topic, partition)) return; // revoked while buffered: its new owner reads it from the commit
    const last = run[run.length - 1].offset;
    let committed = -1n;
    const control: BatchControl = {
      heartbeat: async () => undefined, // the client heartbeats on its own timer
      isRunning: () => this.running,
      isStale: () => !this.assigned(topic, partition),
      commit: async (next) => {
        await this.consumer.commit({ offsets: [{ topic, partition, offset: BigInt(next), leaderEpoch: -1 }] });
        committed = BigInt(next);
      },
    };
    const end = this.endOffsets.get(partitionKey(topic, partition)) ?? 0n;
    const batch: ReceivedBatch = {
      topic,
      partition,
      highWatermark: (end > last + 1n ? end : last + 1n).toString(),
      messages: run.map((m) => ({
        offset: m.offset.toString(),
        key: m.key ?? null,
        value: m.value ?? null,
        headers: Object.fromEntries([...m.headers].map(([k, v]) => [k.toString('utf8'), v])),
        timestamp: m.timestamp.toString(),
      })),
    };
    await eachBatch(batch, control);
    if (!throwaway && committed <= last && this.running && this.assigned(topic, partition)) {
      throw new Error(`batch ${topic}/${partition} up to offset ${last} was not committed; resuming from the committed offset`);
    }
  }

  private assigned(topic: string, partition: number): boolean {
    return (this.consumer.assignments ?? []).some((a) => a.topic === topic && a.partitions.includes(partition));
  }

  /** Resolves at the stream's next 'readable' or 'close', or when stopping. */
  private readable(stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>): Promise<void> {
    if (stream.destroyed) return new Promise((resolve) => setTimeout(resolve, 100)); // crash() ends the loop
    return new Promise((resolve) => {
      this.wakeLoop = () => {
        this.wakeLoop = null;
        resolve();
      };
    });
  }

  /** End offsets for the batches' lag, read in the background at most once a second. */
  private refreshEndOffsets(stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>) {
    if (this.endOffsetsLoading || Date.now() - this.endOffsetsAt < END_OFFSETS_MAX_AGE_MS || stream.destroyed) return;
    this.endOffsetsLoading = true;
    const topics = [...new Set((this.consumer.assignments ?? []).map((a) => a.topic))];
    this.consumer
      .listOffsets({ topics })
      .then((offsets) => {
        for (const [topic, ends] of offsets) ends.forEach((end, partition) => this.endOffsets.set(partitionKey(topic, partition), end));
      })
      .catch(() => undefined) // lag only; the next batch tries again
      .finally(() => {
        this.endOffsetsAt = Date.now();
        this.endOffsetsLoading = false;
      });
  }
}

function admin(s: Settings): KafkaAdmin {
  let a: Admin | null = null;
  const client = () => (a ??= new Admin(base(s)));
  return {
    async connect() {
      // Lazy like every client of this package; fail here, as kafkajs does, if no broker answers.
      await client().metadata({ topics: [] });
    },
    async disconnect() {
      const current = a;
      a = null;
      if (current) await current.close();
    },
    listTopics: () => client().listTopics(),
    async createTopics(topics) {
      // One request per topic: the package takes one partition count per request.
      for (const t of topics) {
        try {
          await client().createTopics({ topics: [t.name], partitions: t.partitions, replicas: t.replicationFactor ?? -1 });
        } catch (err) {
          if (!isAlreadyExists(err)) throw err;
        }
      }
    },
    async partitionLeaders(topics) {
      const known = new Set(await client().listTopics());
      const present = topics.filter((t) => known.has(t));
      if (present.length === 0) return new Map();
      const metadata = await client().metadata({ topics: present, forceUpdate: true });
      return new Map([...metadata.topics].map(([name, t]) => [name, t.partitions.map((p) => p.leader)]));
    },
    async topicOffsets(topic) {
      const metadata = await client().metadata({ topics: [topic], forceUpdate: true });
      const count = metadata.topics.get(topic)?.partitionsCount ?? 0;
      const partitions = Array.from({ length: count }, (_, partitionIndex) => partitionIndex);
      const read = async (timestamp: bigint) => {
        const [listed] = await client().listOffsets({ topics: [{ name: topic, partitions: partitions.map((partitionIndex) => ({ partitionIndex, timestamp })) }] });
        return new Map((listed?.partitions ?? []).map((p) => [p.partitionIndex, p.offset]));
      };
      const [low, high] = [await read(-2n), await read(-1n)];
      return partitions.map((partition) => ({ partition, low: String(low.get(partition) ?? 0n), high: String(high.get(partition) ?? 0n) }));
    },
    async brokerCount() {
      return (await client().metadata({ topics: [], forceUpdate: true })).brokers.size;
    },
    deleteTopics: (topics) => client().deleteTopics({ topics }),
    deleteGroups: (groups) => client().deleteGroups({ groups }),
  };
}

function isAlreadyExists(err: unknown): boolean {
  const codes: string[] = [];
  const walk = (e: unknown) => {
    const x = e as { apiId?: string; errors?: unknown[] } | null;
    if (!x) return;
    if (x.apiId) codes.push(x.apiId);
    if (Array.isArray(x.errors)) x.errors.forEach(walk);
  };
  walk(err);
  return codes.length > 0 && codes.every((c) => c === 'TOPIC_ALREADY_EXISTS');
}
