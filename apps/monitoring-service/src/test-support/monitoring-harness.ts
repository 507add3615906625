import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type CloudEvent, createEvent, DEPARTMENT_CODES, departmentTopic, Topic, TOPIC_PARTITIONS, recordEventType, type RecordEventData, returnEventType, type ReturnEventData } from '@wdp/contracts';
import { validateEnv } from '@wdp/config';
import { ApiKeyService } from '@wdp/ingestion';
import { createKafkaProducer, eventHeaders, type EventProducer } from '@wdp/messaging';
import { createServiceApp } from '@wdp/platform';
import { createTestDatabase, type TestDatabase, testInfra, uniqueTopic } from '@wdp/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { MonitoringServiceConfig } from '../config';
import { ConsumptionService } from '../consumption/consumption.service';
import { SERVICE_INFO } from '../service-info';

export interface MonitoringHarness {
  app: NestFastifyApplication;
  /** This harness's own copies of the departmental topics (by department) and of the alerts topic. */
  topics: Record<string, string> & { alerts: string };
  /** Publishes events onto their department's topic, keyed by record/return id, in the order given. */
  publish(events: readonly CloudEvent<RecordEventData | ReturnEventData>[]): Promise<void>;
  dataSource: DataSource;
  consumer: ConsumptionService;
  producer: EventProducer;
  keys: { read: string; admin: string; statistics: string };
  db: TestDatabase;
  close(): Promise<void>;
}

/**
 * The monitoring service as it runs, on its own database and consumer group, reading its own fresh copies
 * of the departmental topics (and publishing alerts to its own alerts topic), with a producer that
 * publishes events the way a departmental relay does. Own topics, because test events left on the real
 * ones would end up in the statistics of every monitoring service that later reads them from the start.
 */
export async function startMonitoring(name: string, env: Record<string, string> = {}): Promise<MonitoringHarness> {
  const { kafkaBrokers, databaseUrl } = testInfra();
  const db = await createTestDatabase(name);
  const groupId = `monitoring-${name}-${randomBytes(4).toString('hex')}`;
  const topics: Record<string, string> & { alerts: string } = { alerts: await uniqueTopic('monitoring-alerts', { partitions: TOPIC_PARTITIONS[Topic.MonitoringAlerts] }) };
  for (const department of DEPARTMENT_CODES) topics[department] = await uniqueTopic(`${department}-events`, { partitions: TOPIC_PARTITIONS[departmentTopic(department)] });
  const config = validateEnv(MonitoringServiceConfig, {
    PORT: '3000',
    DATABASE_URL: databaseUrl,
    DATABASE_NAME: db.name,
    KAFKA_BROKERS: kafkaBrokers,
    CONSUMER_GROUP_ID: groupId,
    DATA_TOPICS: DEPARTMENT_CODES.map((d) => topics[d]).join(','),
    ALERTS_TOPIC: topics.alerts,
    SUBMISSION_CHECK_INTERVAL_MS: '0',
    API_KEYS_FILE: 'off',
    LOG_LEVEL: 'warn',
    // Most scenarios play in the town, so its warnings are raised too.
    ALERT_AREAS: 'all',
    // Alerts change at once unless a test is about the holds.
    ALERT_RAISE_HOLD_MS: '0',
    ALERT_RESOLVE_HOLD_MS: '0',
    ...env,
  });
  const app = await createServiceApp(AppModule.forRoot(config, { keysFile: false, topic: topics.statistics }), SERVICE_INFO, config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const consumer = app.get(ConsumptionService);
  await consumer.ready(30_000);
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
    topics,
    publish: (events) => publish(producer, topics, events),
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

async function publish(producer: EventProducer, topics: Record<string, string>, events: readonly CloudEvent<RecordEventData | ReturnEventData>[]): Promise<void> {
  for (const event of events) {
    const data = event.data as RecordEventData & ReturnEventData;
    await producer.send([
      {
        topic: topics[data.department],
        messages: [{ key: data.recordId ?? data.returnId, value: JSON.stringify(event), headers: eventHeaders(event) }],
      },
    ]);
  }
}

export { uid };
