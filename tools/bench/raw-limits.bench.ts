import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createEvent, recordEventType, type RecordEventData } from '@wdp/contracts';
import { createKafka, KAFKA_CLIENTS, type KafkaAdmin, kafkaClientName, type KafkaClientName } from '@wdp/messaging';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { BenchResult } from './bench-result';
import { ADMIN_DATABASE_URL, recordPools, sleep } from '@wdp/testing/system';
import { benchBroker, benchBrokerDataDir, sessionFigures } from './lib/bench-broker';
import { topicLogBytes } from './lib/topic-bytes';

// The machine's raw limits, measured in the same run so the pipeline's figure means something anywhere:
// each Kafka client (kafkajs and @platformatic/kafka, through the same messaging ports the services use)
// producing and consuming the same record events the relays send (same envelope, same size, same producer
// settings: idempotent, acks = all, one request in flight, batches of 500) and large messages the size of a
// batch event (one event per request and partition carrying hundreds of records), and PostgreSQL taking
// rows shaped like the departmental `records` table by multi-row INSERT (1,000 rows a statement, as the
// services write) and by COPY.

const MESSAGES = Number(process.env.BENCH_RAW_MESSAGES ?? 200_000);
/** Large messages: a batch event's size (a request of 5,000 records over six partitions is ~830 records, ~250 KB). */
const LARGE_BYTES = Number(process.env.BENCH_RAW_LARGE_BYTES ?? 256 * 1024);
const LARGE_MESSAGES = Number(process.env.BENCH_RAW_LARGE_MESSAGES ?? 2_000);
const PARTITIONS = 6;
const ROWS = Number(process.env.BENCH_RAW_ROWS ?? 200_000);

interface RawMessage { key: string; value: string; headers: Record<string, string>; partition?: number }

function sampleEvents(n: number): RawMessage[] {
  const pools = recordPools();
  const out = [];
  for (let i = 0; i < n; i++) {
    const pool = pools[i % pools.length];
    const r = pool.records[i % pool.records.length];
    const data: RecordEventData = {
      recordId: randomUUID(), revision: 1, operation: 'recorded', department: pool.department, previous: null,
      current: { kind: pool.kind, area: r.area, period: r.period, ...(r.sex ? { sex: r.sex } : {}), ...(r.ageBand ? { ageBand: r.ageBand } : {}), count: r.count ?? 1, attributes: r.attributes },
    };
    const e = createEvent({ source: `urn:wdp:${pool.service}`, type: recordEventType(pool.department, pool.kind, 'recorded'), subject: `records/${pool.kind}/${data.recordId}`, data });
    out.push({ key: data.recordId, value: JSON.stringify(e), headers: { ce_id: e.id, ce_type: e.type, ce_source: e.source, 'content-type': 'application/cloudevents+json' } });
  }
  return out;
}

/**
 * Messages of about `bytes` each, shaped like a batch event: one CloudEvent whose `data.items` holds record
 * events' data (the record id, revision, operation and facts), as JSON, uncompressed, as the relay sends.
 */
function largeEvents(n: number, bytes: number): RawMessage[] {
  const small = sampleEvents(2_000).map((e) => (JSON.parse(e.value) as { data: unknown }).data);
  const out: RawMessage[] = [];
  for (let i = 0, next = 0; i < n; i++) {
    const id = randomUUID();
    const head = { specversion: '1.0', id, source: 'urn:wdp:bench', type: 'gov.yunyan.bench.record-batch.v1', time: new Date(0).toISOString(), datacontenttype: 'application/json' };
    const items: unknown[] = [];
    let size = JSON.stringify({ ...head, data: { items } }).length;
    while (size < bytes) {
      const item = small[next++ % small.length];
      size += JSON.stringify(item).length + 1;
      items.push(item);
    }
    out.push({ key: id, value: JSON.stringify({ ...head, data: { items } }), headers: { ce_id: id, ce_type: head.type, ce_source: head.source, 'content-type': 'application/cloudevents+json' } });
  }
  return out;
}

interface KafkaLoad {
  name: string;
  /** Distinct messages, sent round and round. */
  events: RawMessage[];
  messages: number;
  /** Messages a produce request. */
  perSend: number;
  /** Place message i on partition i mod PARTITIONS instead of by key: one large message per partition per request. */
  spread: boolean;
}

interface KafkaFigures {
  client: KafkaClientName;
  load: string;
  rate: number;
  /** Average message value, bytes. */
  bytes: number;
  /** Bytes the broker stored per second (its log segments), or the values' bytes where the bench cannot see its log. */
  bytesPerS: number;
  produceRate: number;
  /** CPU of this process (the client's producer and consumer together) per message, µs. */
  clientCpuUsPerMessage: number;
}

/**
 * Creates the topic and waits until every partition has a leader. kafkajs's own wait gives up after a few
 * seconds of UNKNOWN_TOPIC_OR_PARTITION, which a busy two-core machine's KRaft broker can take to publish.
 */
async function createTopic(admin: KafkaAdmin, name: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await admin.createTopics([{ name, partitions: PARTITIONS, replicationFactor: 1 }]);
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    const leaders = (await admin.partitionLeaders([name]).catch(() => new Map<string, number[]>())).get(name);
    if (leaders?.length === PARTITIONS && leaders.every((l) => l >= 0)) return;
    if (Date.now() > deadline) throw new Error(`topic ${name}: no leader for every partition after 60 s`);
    await sleep(500);
  }
}

async function kafkaLimit(brokers: string, client: KafkaClientName, load: KafkaLoad): Promise<KafkaFigures> {
  const kafka = createKafka({ brokers, clientId: `bench-raw-${client}`, client });
  const topic = `bench.raw.${client}.${load.name}.${Date.now().toString(36)}`;
  const admin = kafka.admin();
  await admin.connect();
  await createTopic(admin, topic);
  const { events, messages: total } = load;
  const bytes = Math.round(events.reduce((n, e) => n + e.value.length, 0) / events.length);
  let joined: () => void;
  const inGroup = new Promise<void>((r) => (joined = r));
  const consumer = kafka.consumer({ groupId: `${topic}-g`, maxWaitTimeMs: 50, maxBytesPerPartition: Math.max(1 << 20, 2 * bytes), onEvent: (e) => e.type === 'joined' && joined() });
  let consumed = 0;
  let lastAt = 0;
  let done: () => void;
  const all = new Promise<void>((r) => (done = r));
  await consumer.run({
    topics: [topic],
    fromBeginning: true,
    throwaway: true,
    eachBatch: async ({ messages }) => {
      consumed += messages.length;
      if (consumed >= total) {
        lastAt = Date.now();
        done();
      }
    },
  });
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  await inGroup; // the clock starts once the consumer is in its group, so a join delay is not counted
  const started = Date.now();
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < total; i += load.perSend) {
    const messages = [];
    for (let j = i; j < Math.min(total, i + load.perSend); j++) {
      const e = events[j % events.length];
      messages.push(load.spread ? { ...e, partition: j % PARTITIONS } : e);
    }
    await producer.send([{ topic, messages }]);
  }
  const producedAt = Date.now();
  await all;
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (lastAt - started) / 1000;
  const produceRate = Math.round(total / ((producedAt - started) / 1000));
  const rate = Math.round(total / seconds);
  const dataDir = benchBrokerDataDir();
  const logBytes = dataDir ? topicLogBytes(dataDir, (t) => t === topic) : 0;
  const bytesPerS = Math.round((logBytes || total * bytes) / seconds);
  await producer.disconnect();
  await consumer.stop();
  await admin.deleteTopics([topic]).catch(() => undefined);
  await admin.disconnect();
  return { client, load: load.name, rate, bytes, bytesPerS, produceRate, clientCpuUsPerMessage: (cpu.user + cpu.system) / total };
}

/** The clients to measure side by side (BENCH_CLIENTS, comma-separated; default: all of them). */
function benchClients(): KafkaClientName[] {
  const names = (process.env.BENCH_CLIENTS ?? KAFKA_CLIENTS.join(',')).split(',').map((c) => c.trim()).filter(Boolean);
  return names.map((n) => kafkaClientName(n));
}

const TABLE = `CREATE TABLE bench_records (
  id uuid PRIMARY KEY, kind text NOT NULL, reference text NOT NULL, area_code text NOT NULL, period text NOT NULL,
  sex char(1), age_band text, count integer NOT NULL, attributes jsonb NOT NULL, status text NOT NULL DEFAULT 'active',
  revision integer NOT NULL DEFAULT 1, created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (kind, reference))`;
const COLS = ['id', 'kind', 'reference', 'area_code', 'period', 'sex', 'age_band', 'count', 'attributes'];

function rowsOf(n: number, tag: string): unknown[][] {
  const pools = recordPools();
  const out: unknown[][] = [];
  for (let i = 0; i < n; i++) {
    const pool = pools[i % pools.length];
    const r = pool.records[i % pool.records.length];
    out.push([randomUUID(), pool.kind, `${r.reference}-${tag}${i}`, r.area, r.period, r.sex ?? null, r.ageBand ?? null, r.count ?? 1, JSON.stringify(r.attributes)]);
  }
  return out;
}

async function postgresLimits(): Promise<{ insert: number; copy: number }> {
  const db = `wdp_bench_raw_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${db}"`);
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${db}`;
  const c = new Client({ connectionString: url.toString() });
  await c.connect();
  try {
    await c.query(TABLE);
    const rows = rowsOf(ROWS, 'i');
    let t = Date.now();
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      const params: unknown[] = [];
      const values = chunk.map((r) => `(${r.map((v) => `$${params.push(v)}`).join(',')})`).join(',');
      await c.query('BEGIN');
      await c.query(`INSERT INTO bench_records (${COLS.join(',')}) VALUES ${values}`, params);
      await c.query('COMMIT');
    }
    const insert = Math.round(ROWS / ((Date.now() - t) / 1000));
    await c.query('TRUNCATE bench_records');
    const copyRows = rowsOf(ROWS, 'c');
    const esc = (v: unknown) => (v === null ? '\\N' : String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n'));
    t = Date.now();
    const stream = c.query(copyFrom(`COPY bench_records (${COLS.join(',')}) FROM STDIN`));
    await pipeline(Readable.from((function* () {
      for (let i = 0; i < copyRows.length; i += 1000) yield copyRows.slice(i, i + 1000).map((r) => r.map(esc).join('\t')).join('\n') + '\n';
    })()), stream);
    const copy = Math.round(ROWS / ((Date.now() - t) / 1000));
    return { insert, copy };
  } finally {
    await c.end();
    await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    await admin.end();
  }
}

export async function run(): Promise<BenchResult> {
  const brokers = await benchBroker();
  const small: KafkaLoad = { name: 'events', events: sampleEvents(Math.min(MESSAGES, 50_000)), messages: MESSAGES, perSend: 500, spread: false };
  const large: KafkaLoad = { name: 'large', events: largeEvents(12, LARGE_BYTES), messages: LARGE_MESSAGES, perSend: PARTITIONS, spread: true };
  const clients: KafkaFigures[] = [];
  const largeByClient: KafkaFigures[] = [];
  for (const client of benchClients()) {
    clients.push(await kafkaLimit(brokers, client, small));
    if (LARGE_MESSAGES > 0) largeByClient.push(await kafkaLimit(brokers, client, large));
  }
  const k = clients.find((c) => c.client === 'kafkajs') ?? clients[0];
  const kl = largeByClient.find((c) => c.client === 'kafkajs') ?? largeByClient[0];
  const pg = await postgresLimits();
  const e2e = sessionFigures.e2e_records_per_s;
  const e2eBytes = sessionFigures.e2e_kafka_bytes_per_s;
  const e2eMessages = sessionFigures.e2e_kafka_messages_per_s;
  const noPipeline = 'n/a (run with the pipeline bench)';
  const ratio = (x: number) => (e2e ? (e2e / x).toFixed(3) : noPipeline);
  const bytesRatio = (x: number) => (e2eBytes ? (e2eBytes / x).toFixed(3) : e2e ? 'n/a (a broker the bench did not start)' : noPipeline);
  const messagesRatio = (x: number) => (e2eMessages ? (e2eMessages / x).toFixed(3) : noPipeline);
  const vsKafkajs = (c: KafkaFigures, ref: KafkaFigures, x: (f: KafkaFigures) => number) => (c === ref ? '' : ` (× ${(x(c) / x(ref)).toFixed(2)} of kafkajs)`);
  const mbs = (bytesPerS: number) => (bytesPerS / 1e6).toFixed(1);
  const kib = (n: number) => `${Math.round(n / 1024)} KiB`;
  const none = '—';
  // The client's CPU a message and a KiB of value: what the relay and the consumer would pay for it.
  const clientCpu = (c: KafkaFigures) => `${c.clientCpuUsPerMessage.toFixed(c.clientCpuUsPerMessage < 100 ? 1 : 0)} (${((c.clientCpuUsPerMessage * 1024) / c.bytes).toFixed(1)})`;
  return {
    title: 'Raw limits on this machine, and the pipeline as a share of them',
    rows: [
      ...clients.flatMap((c) => [
        {
          path: `${c.client} produce + consume (${c.bytes} B record events, ${MESSAGES.toLocaleString('en')})${vsKafkajs(c, k, (f) => f.rate)}`,
          'per s': c.rate, 'MB/s': mbs(c.bytesPerS), 'client CPU µs a message (a KiB)': clientCpu(c), 'pipeline records/s ÷ this': ratio(c.rate), 'pipeline Kafka messages/s ÷ this': messagesRatio(c.rate), 'pipeline Kafka MB/s ÷ this': bytesRatio(c.bytesPerS),
        },
        { path: `${c.client} produce alone (same settings)${vsKafkajs(c, k, (f) => f.produceRate)}`, 'per s': c.produceRate, 'MB/s': none, 'client CPU µs a message (a KiB)': none, 'pipeline records/s ÷ this': ratio(c.produceRate), 'pipeline Kafka messages/s ÷ this': none, 'pipeline Kafka MB/s ÷ this': none },
      ]),
      ...largeByClient.map((c) => ({
        path: `${c.client} produce + consume, large messages (${kib(c.bytes)} batch-event-shaped, ${LARGE_MESSAGES.toLocaleString('en')}, one a partition a request)${vsKafkajs(c, kl, (f) => f.rate)}`,
        'per s': c.rate, 'MB/s': mbs(c.bytesPerS), 'client CPU µs a message (a KiB)': clientCpu(c), 'pipeline records/s ÷ this': none, 'pipeline Kafka messages/s ÷ this': messagesRatio(c.rate), 'pipeline Kafka MB/s ÷ this': bytesRatio(c.bytesPerS),
      })),
      { path: `PostgreSQL multi-row INSERT (1,000 rows a statement, ${ROWS.toLocaleString('en')} rows)`, 'per s': pg.insert, 'MB/s': none, 'client CPU µs a message (a KiB)': none, 'pipeline records/s ÷ this': ratio(pg.insert), 'pipeline Kafka messages/s ÷ this': none, 'pipeline Kafka MB/s ÷ this': none },
      { path: `PostgreSQL COPY (${ROWS.toLocaleString('en')} rows)`, 'per s': pg.copy, 'MB/s': none, 'client CPU µs a message (a KiB)': none, 'pipeline records/s ÷ this': ratio(pg.copy), 'pipeline Kafka messages/s ÷ this': none, 'pipeline Kafka MB/s ÷ this': none },
    ],
    figures: {
      raw_kafka_msgs_per_s: k.rate,
      raw_kafka_msg_bytes: k.bytes,
      raw_kafka_bytes_per_s: k.bytesPerS,
      raw_kafka_produce_msgs_per_s: k.produceRate,
      ...Object.assign({}, ...clients.map((c) => ({
        [`raw_kafka_${c.client}_msgs_per_s`]: c.rate,
        [`raw_kafka_${c.client}_bytes_per_s`]: c.bytesPerS,
        [`raw_kafka_${c.client}_produce_msgs_per_s`]: c.produceRate,
        [`raw_kafka_${c.client}_client_cpu_us_per_msg`]: +c.clientCpuUsPerMessage.toFixed(1),
      }))),
      ...(clients.length > 1 ? Object.assign({}, ...clients.filter((c) => c !== k).map((c) => ({
        [`raw_kafka_${c.client}_over_kafkajs`]: +(c.rate / k.rate).toFixed(3),
        [`raw_kafka_${c.client}_produce_over_kafkajs`]: +(c.produceRate / k.produceRate).toFixed(3),
      }))) : {}),
      ...(kl ? { raw_kafka_large_msg_bytes: kl.bytes, raw_kafka_large_msgs_per_s: kl.rate, raw_kafka_large_bytes_per_s: kl.bytesPerS } : {}),
      ...Object.assign({}, ...largeByClient.map((c) => ({ [`raw_kafka_${c.client}_large_msgs_per_s`]: c.rate, [`raw_kafka_${c.client}_large_bytes_per_s`]: c.bytesPerS, [`raw_kafka_${c.client}_large_client_cpu_us_per_msg`]: Math.round(c.clientCpuUsPerMessage) }))),
      raw_pg_insert_rows_per_s: pg.insert,
      raw_pg_copy_rows_per_s: pg.copy,
      ...(e2e ? { e2e_over_kafka: +(e2e / k.rate).toFixed(3), e2e_over_pg_insert: +(e2e / pg.insert).toFixed(3), e2e_over_pg_copy: +(e2e / pg.copy).toFixed(3) } : {}),
      ...(e2eMessages ? { e2e_kafka_messages_over_kafka: +(e2eMessages / k.rate).toFixed(3) } : {}),
      ...(e2eBytes ? { e2e_kafka_bytes_over_kafka: +(e2eBytes / k.bytesPerS).toFixed(3), ...(kl ? { e2e_kafka_bytes_over_kafka_large: +(e2eBytes / kl.bytesPerS).toFixed(3) } : {}) } : {}),
    },
    notes: [
      'Each record crosses Kafka once but PostgreSQL three times (the departmental `records` row and its `outbox` row in one transaction, then the monitoring inbox row and nine pre-aggregated `record_fact` cells), all on the same two cores as the seven services and the broker.',
      "Kafka MB/s is what the broker stored: the growth of the topic's log segments (values, keys, headers and record batch framing), read in its log.dirs, for the raw loops as for the pipeline's record topics over its end-to-end window (both generations, v1 one message a record, v2 one batch event a request and partition); with a broker the bench did not start (BENCH_KAFKA_BROKERS) the raw loops count the values' bytes and the pipeline has no MB/s. Records/s is compared with the small-message loops, where one message was one record; messages/s and MB/s say how near the pipeline's Kafka traffic is to what the broker and client can move in the same message size.",
      `Large messages (BENCH_RAW_LARGE_BYTES, BENCH_RAW_LARGE_MESSAGES): the size of a batch event, one CloudEvent of JSON record items, sent one a partition in each produce request over ${PARTITIONS} partitions, consumed by one group; the broker takes messages up to its message.max.bytes (10 MiB on the local broker).`,
      'Client CPU: the bench process\'s own CPU (process.cpuUsage) from the first send to the last message consumed, producer and consumer together, per message and per KiB of value — on two shared cores the client\'s CPU, not the broker, is what a faster client saves.',
      'The Kafka clients run one after the other on the same broker (`BENCH_CLIENTS`, default `kafkajs,platformatic`); the pipeline runs on the client `KAFKA_CLIENT` names (kafkajs by default), e.g. `KAFKA_CLIENT=platformatic npm run bench pipeline`.',
    ],
  };
}
