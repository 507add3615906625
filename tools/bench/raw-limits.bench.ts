import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createEvent, recordEventType, type RecordEventData } from '@wdp/contracts';
import { CompressionTypes, Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { BenchResult } from './bench-result';
import { ADMIN_DATABASE_URL, benchBroker, sessionFigures } from './lib/stack';
import { recordPools } from './lib/workload';

// The machine's raw limits, measured in the same run so the pipeline's figure means something anywhere:
// kafkajs producing and consuming the same record events the relays send (same envelope, same size, same
// producer settings: idempotent, acks = all, one request in flight, batches of 500), and PostgreSQL taking
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

async function kafkaLimit(brokers: string): Promise<{ rate: number; bytes: number; produceRate: number }> {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const topic = `bench.raw.${Date.now().toString(36)}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 6, replicationFactor: 1 }], waitForLeaders: true });
  const events = sampleEvents(Math.min(MESSAGES, 50_000));
  const bytes = Math.round(events.reduce((n, e) => n + e.value.length, 0) / events.length);
  const consumer = kafka.consumer({ groupId: `${topic}-g`, maxWaitTimeInMs: 50 });
  const joined = new Promise<void>((r) => consumer.on(consumer.events.GROUP_JOIN, () => r()));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let consumed = 0;
  let lastAt = 0;
  let done: () => void;
  const all = new Promise<void>((r) => (done = r));
  await consumer.run({
    eachBatch: async ({ batch }) => {
      consumed += batch.messages.length;
      if (consumed >= MESSAGES) {
        lastAt = Date.now();
        done();
      }
    },
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await joined; // the clock starts once the consumer is in its group, so a join delay is not counted
  const started = Date.now();
  for (let i = 0; i < MESSAGES; i += 500) {
    const messages = [];
    for (let j = i; j < Math.min(MESSAGES, i + 500); j++) messages.push(events[j % events.length]);
    await producer.sendBatch({ acks: -1, compression: CompressionTypes.None, topicMessages: [{ topic, messages }] });
  }
  const producedAt = Date.now();
  await all;
  const produceRate = Math.round(MESSAGES / ((producedAt - started) / 1000));
  const rate = Math.round(MESSAGES / ((lastAt - started) / 1000));
  await producer.disconnect();
  await consumer.disconnect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  return { rate, bytes, produceRate };
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
  const k = await kafkaLimit(brokers);
  const pg = await postgresLimits();
  const e2e = sessionFigures.e2e_records_per_s;
  const ratio = (x: number) => (e2e ? (e2e / x).toFixed(3) : 'n/a (run with the pipeline bench)');
  return {
    title: 'Raw limits on this machine, and the pipeline as a share of them',
    rows: [
      { path: `kafkajs produce + consume (${k.bytes} B record events, ${MESSAGES.toLocaleString('en')})`, 'per s': k.rate, 'pipeline ÷ this': ratio(k.rate) },
      { path: `kafkajs produce alone (same settings)`, 'per s': k.produceRate, 'pipeline ÷ this': ratio(k.produceRate) },
      { path: `PostgreSQL multi-row INSERT (1,000 rows a statement, ${ROWS.toLocaleString('en')} rows)`, 'per s': pg.insert, 'pipeline ÷ this': ratio(pg.insert) },
      { path: `PostgreSQL COPY (${ROWS.toLocaleString('en')} rows)`, 'per s': pg.copy, 'pipeline ÷ this': ratio(pg.copy) },
    ],
    figures: {
      raw_kafka_msgs_per_s: k.rate,
      raw_kafka_msg_bytes: k.bytes,
      raw_kafka_produce_msgs_per_s: k.produceRate,
      raw_pg_insert_rows_per_s: pg.insert,
      raw_pg_copy_rows_per_s: pg.copy,
      ...(e2e ? { e2e_over_kafka: +(e2e / k.rate).toFixed(3), e2e_over_pg_insert: +(e2e / pg.insert).toFixed(3), e2e_over_pg_copy: +(e2e / pg.copy).toFixed(3) } : {}),
    },
    notes: [
      'Each record crosses Kafka once but PostgreSQL three times (the departmental `records` row and its `outbox` row in one transaction, then the monitoring inbox row and nine pre-aggregated `record_fact` cells), all on the same two cores as the seven services and the broker.',
    ],
  };
}
