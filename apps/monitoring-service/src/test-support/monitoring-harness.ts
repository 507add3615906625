import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type CloudEvent, createEvent, DATA_TOPICS, departmentTopic, recordEventType, type RecordEventData, returnEventType, type ReturnEventData } from '@wdp/contracts';
import { validateEnv } from '@wdp/config';
import { ApiKeyService } from '@wdp/ingestion';
import { createKafka, createKafkaProducer, eventHeaders, type EventProducer } from '@wdp/messaging';
import { createServiceApp } from '@wdp/platform';
import { createTestDatabase, type TestDatabase, testInfra } from '@wdp/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { MonitoringServiceConfig } from '../config';
import { ConsumptionService } from '../consumption/consumption.service';
import { SERVICE_INFO } from '../service-info';

export interface MonitoringHarness {
  app: NestFastifyApplication;
  dataSource: DataSource;
  consumer: ConsumptionService;
  producer: EventProducer;
  keys: { read: string; admin: string; statistics: string };
  db: TestDatabase;
  close(): Promise<void>;
}

/**
 * The monitoring service as it runs, on its own database and consumer group, consuming the real
 * departmental topics from their current end, with a producer that publishes events the way a
 * departmental relay does.
 */
export async function startMonitoring(name: string, env: Record<string, string> = {}): Promise<MonitoringHarness> {
  const { kafkaBrokers, databaseUrl } = testInfra();
  const db = await createTestDatabase(name);
  const groupId = `monitoring-${name}-${randomBytes(4).toString('hex')}`;
  const config = validateEnv(MonitoringServiceConfig, {
    PORT: '3000',
    DATABASE_URL: databaseUrl,
    DATABASE_NAME: db.name,
    KAFKA_BROKERS: kafkaBrokers,
    CONSUMER_GROUP_ID: groupId,
    CONSUME_FROM_BEGINNING: 'false',
    SUBMISSION_CHECK_INTERVAL_MS: '0',
    API_KEYS_FILE: 'off',
    LOG_LEVEL: 'warn',
    // The tests work in the town, away from the district other suites' events also reach.
    ALERT_AREAS: 'all',
    ...env,
  });
  const app = await createServiceApp(AppModule.forRoot(config, { keysFile: false }), SERVICE_INFO, config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const consumer = app.get(ConsumptionService);
  await consumer.ready(30_000);
  await waitUntilConsuming(kafkaBrokers, app.get(DataSource));
  const apiKeys = app.get(ApiKeyService);
  const issue = async (department: string, scopes: string[]) => (await apiKeys.issue({ department, scopes, label: `test ${scopes.join(' ')}` })).key;
  const keys = {
    read: await issue('monitoring', ['read:monitoring']),
    admin: await issue('statistics', ['admin']),
    statistics: await issue('statistics', ['write:statistics', 'read:statistics']),
  };
  const producer = createKafkaProducer({ brokers: kafkaBrokers, clientId: `test-department-relay-${name}` });
  await producer.connect();
  return {
    app,
    dataSource: app.get(DataSource),
    consumer,
    producer,
    keys,
    db,
    async close() {
      await producer.disconnect();
      await app.close();
      await db.drop();
    },
  };
}

/**
 * Waits until the service consumes every partition of every departmental topic. A new group starting "at
 * the end" resolves that end on its first fetch, a moment after joining: anything produced before would be
 * skipped. So one probe event (a type monitoring ignores) goes to each partition, again every half second,
 * until one from each has reached the inbox; from then on nothing produced can be missed.
 */
async function waitUntilConsuming(brokers: string, dataSource: DataSource): Promise<void> {
  const kafka = createKafka({ brokers, clientId: 'test-probe' });
  const admin = kafka.admin();
  await admin.connect();
  const partitions: { topic: string; partition: number }[] = [];
  try {
    for (const topic of DATA_TOPICS) for (const p of await admin.fetchTopicOffsets(topic)) partitions.push({ topic, partition: p.partition });
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const sent = new Map<string, string[]>(partitions.map((p) => [`${p.topic}/${p.partition}`, []]));
  const deadline = Date.now() + 30_000;
  try {
    while (sent.size > 0) {
      if (Date.now() > deadline) throw new Error(`monitoring did not start consuming ${[...sent.keys()].join(', ')}`);
      for (const key of sent.keys()) {
        const [topic, partition] = [key.slice(0, key.lastIndexOf('/')), Number(key.slice(key.lastIndexOf('/') + 1))];
        const probe = createEvent({ source: '/yunyan/wdp/monitoring-tests', type: 'gov.yunyan.test.probe.v1', data: {} });
        sent.get(key)!.push(probe.id);
        await producer.send({ topic, messages: [{ partition, value: JSON.stringify(probe), headers: eventHeaders(probe) }] });
      }
      await new Promise((r) => setTimeout(r, 500));
      const ids = [...sent.values()].flat();
      const seen = new Set((await dataSource.query(`SELECT event_id FROM inbox WHERE event_id = ANY($1)`, [ids])).map((r: { event_id: string }) => r.event_id));
      for (const [key, probes] of sent) if (probes.some((id) => seen.has(id))) sent.delete(key);
    }
  } finally {
    await producer.disconnect();
  }
}

let seq = 0;
const uid = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(++seq).toString(36)}-${randomBytes(3).toString('hex')}`;

export function recordEvent(data: Omit<RecordEventData, 'recordId'> & { recordId?: string }, id?: string): CloudEvent<RecordEventData> {
  const body: RecordEventData = { ...data, recordId: data.recordId ?? uid('rec') };
  const kind = (body.current ?? body.previous)!.kind;
  return createEvent({ id, source: `/yunyan/wdp/${body.department}-service`, type: recordEventType(body.department, kind, body.operation), data: body });
}

export function returnEvent(data: ReturnEventData): CloudEvent<ReturnEventData> {
  const kind = (data.current ?? data.previous)!.kind;
  return createEvent({ source: `/yunyan/wdp/${data.department}-service`, type: returnEventType(data.department, kind, data.operation), data });
}

/** Publishes events onto their department's topic, keyed by record/return id, in the order given. */
export async function publish(producer: EventProducer, events: readonly CloudEvent<RecordEventData | ReturnEventData>[]): Promise<void> {
  for (const event of events) {
    const data = event.data as RecordEventData & ReturnEventData;
    await producer.send([
      {
        topic: departmentTopic(data.department),
        messages: [{ key: data.recordId ?? data.returnId, value: JSON.stringify(event), headers: eventHeaders(event) }],
      },
    ]);
  }
}

export { uid };
