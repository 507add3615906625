import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type CloudEvent, createEvent, departmentTopic, recordEventType, type RecordEventData, returnEventType, type ReturnEventData } from '@wdp/contracts';
import { validateEnv } from '@wdp/config';
import { ApiKeyService } from '@wdp/ingestion';
import { createKafkaProducer, eventHeaders, type EventProducer } from '@wdp/messaging';
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
 * departmental topics from their end (so other suites' earlier events stay out), with a producer that
 * publishes events the way a departmental relay does.
 */
export async function startMonitoring(name: string, env: Record<string, string> = {}): Promise<MonitoringHarness> {
  const { kafkaBrokers, databaseUrl } = testInfra();
  const db = await createTestDatabase(name);
  const config = validateEnv(MonitoringServiceConfig, {
    PORT: '3000',
    DATABASE_URL: databaseUrl,
    DATABASE_NAME: db.name,
    KAFKA_BROKERS: kafkaBrokers,
    CONSUMER_GROUP_ID: `monitoring-${name}-${randomBytes(4).toString('hex')}`,
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
  // A new group starting "at the end" resolves that end on its first fetch, just after joining.
  await new Promise((r) => setTimeout(r, 1_500));
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
