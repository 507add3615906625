import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createEvent, recordEventType, type RecordEventData } from '@wdp/contracts';
import { createKafka, KAFKA_CLIENTS, kafkaClientName, type KafkaClientName } from '@wdp/messaging';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { BenchResult } from './bench-result';
import { ADMIN_DATABASE_URL, recordPools } from '@wdp/testing/system';
import { benchBroker, sessionFigures } from './lib/bench-broker';

// The machine's raw limits, measured in the same run so the pipeline's figure means something anywhere:
// each Kafka client (kafkajs and @platformatic/kafka, through the same messaging ports the services use)
// producing and consuming the same record events the relays send (same envelope, same size, same producer
// settings: idempotent, acks = all, one request in flight, batches of 500), and PostgreSQL taking
// rows shaped like the departmental `records` table by multi-row INSERT (1,000 rows a statement, as the
// services write) and by COPY.

const MESSAGES = Number(process.env.BENCH_RAW_MESSAGES ?? 200_000);
const ROWS = Number(process.env.BENCH_RAW_ROWS ?? 200_000);

function sampleEvents(n: number): { key: string; value: string; headers: Record<string, string> }[] {
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

interface KafkaFigures { client: KafkaClientName; rate: number; bytes: number; produceRate: number }

async function kafkaLimit(brokers: string, client: KafkaClientName): Promise<KafkaFigures> {
  const kafka = createKafka({ brokers, clientId: `bench-raw-${client}`, client });
  const topic = `bench.raw.${client}.${Date.now().toString(36)}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics([{ name: topic, partitions: 6, replicationFactor: 1 }]);
  const events = sampleEvents(Math.min(MESSAGES, 50_000));
  const bytes = Math.round(events.reduce((n, e) => n + e.value.length, 0) / events.length);
  let joined: () => void;
  const inGroup = new Promise<void>((r) => (joined = r));
  const consumer = kafka.consumer({ groupId: `${topic}-g`, maxWaitTimeMs: 50, onEvent: (e) => e.type === 'joined' && joined() });
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
      if (consumed >= MESSAGES) {
        lastAt = Date.now();
        done();
      }
    },
  });
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  await inGroup; // the clock starts once the consumer is in its group, so a join delay is not counted
  const started = Date.now();
  for (let i = 0; i < MESSAGES; i += 500) {
    const messages = [];
    for (let j = i; j < Math.min(MESSAGES, i + 500); j++) messages.push(events[j % events.length]);
    await producer.send([{ topic, messages }]);
  }
  const producedAt = Date.now();
  await all;
  const produceRate = Math.round(MESSAGES / ((producedAt - started) / 1000));
  const rate = Math.round(MESSAGES / ((lastAt - started) / 1000));
  await producer.disconnect();
  await consumer.stop();
  await admin.deleteTopics([topic]).catch(() => undefined);
  await admin.disconnect();
  return { client, rate, bytes, produceRate };
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
  const clients: KafkaFigures[] = [];
  for (const client of benchClients()) clients.push(await kafkaLimit(brokers, client));
  const k = clients.find((c) => c.client === 'kafkajs') ?? clients[0];
  const pg = await postgresLimits();
  const e2e = sessionFigures.e2e_records_per_s;
  const ratio = (x: number) => (e2e ? (e2e / x).toFixed(3) : 'n/a (run with the pipeline bench)');
  const vsKafkajs = (c: KafkaFigures, x: (f: KafkaFigures) => number) => (c === k ? '' : ` (× ${(x(c) / x(k)).toFixed(2)} of kafkajs)`);
  const mb = (c: KafkaFigures) => `${((c.rate * c.bytes) / 1e6).toFixed(1)} MB/s`;
  return {
    title: 'Raw limits on this machine, and the pipeline as a share of them',
    rows: [
      ...clients.flatMap((c) => [
        { path: `${c.client} produce + consume (${c.bytes} B record events, ${MESSAGES.toLocaleString('en')}; ${mb(c)})${vsKafkajs(c, (f) => f.rate)}`, 'per s': c.rate, 'pipeline ÷ this': ratio(c.rate) },
        { path: `${c.client} produce alone (same settings)${vsKafkajs(c, (f) => f.produceRate)}`, 'per s': c.produceRate, 'pipeline ÷ this': ratio(c.produceRate) },
      ]),
      { path: `PostgreSQL multi-row INSERT (1,000 rows a statement, ${ROWS.toLocaleString('en')} rows)`, 'per s': pg.insert, 'pipeline ÷ this': ratio(pg.insert) },
      { path: `PostgreSQL COPY (${ROWS.toLocaleString('en')} rows)`, 'per s': pg.copy, 'pipeline ÷ this': ratio(pg.copy) },
    ],
    figures: {
      raw_kafka_msgs_per_s: k.rate,
      raw_kafka_msg_bytes: k.bytes,
      raw_kafka_produce_msgs_per_s: k.produceRate,
      ...Object.assign({}, ...clients.map((c) => ({
        [`raw_kafka_${c.client}_msgs_per_s`]: c.rate,
        [`raw_kafka_${c.client}_bytes_per_s`]: c.rate * c.bytes,
        [`raw_kafka_${c.client}_produce_msgs_per_s`]: c.produceRate,
      }))),
      ...(clients.length > 1 ? Object.assign({}, ...clients.filter((c) => c !== k).map((c) => ({
        [`raw_kafka_${c.client}_over_kafkajs`]: +(c.rate / k.rate).toFixed(3),
        [`raw_kafka_${c.client}_produce_over_kafkajs`]: +(c.produceRate / k.produceRate).toFixed(3),
      }))) : {}),
      raw_pg_insert_rows_per_s: pg.insert,
      raw_pg_copy_rows_per_s: pg.copy,
      ...(e2e ? { e2e_over_kafka: +(e2e / k.rate).toFixed(3), e2e_over_pg_insert: +(e2e / pg.insert).toFixed(3), e2e_over_pg_copy: +(e2e / pg.copy).toFixed(3) } : {}),
    },
    notes: [
      'Each record crosses Kafka once but PostgreSQL three times (the departmental `records` row and its `outbox` row in one transaction, then the monitoring inbox row and nine pre-aggregated `record_fact` cells), all on the same two cores as the seven services and the broker.',
      'The Kafka clients run one after the other on the same broker (`BENCH_CLIENTS`, default `kafkajs,platformatic`); the pipeline runs on the client `KAFKA_CLIENT` names (kafkajs by default), e.g. `KAFKA_CLIENT=platformatic npm run bench pipeline`.',
    ],
  };
}
