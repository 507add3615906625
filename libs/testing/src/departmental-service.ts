import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ServiceConfig } from '@wdp/config';
import { DEFAULT_EVENT_GENERATION, DEPARTMENT_TOPIC_PARTITIONS, type EventGeneration } from '@wdp/contracts';
import { ApiKeyService, generateApiKey, type IngestionOptions } from '@wdp/ingestion';
import { createServiceApp, type ServiceInfo } from '@wdp/platform';
import type { LightMyRequestResponse } from 'fastify';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from './database';
import { testInfra } from './infra-env';
import { uniqueTopic } from './kafka';
import { recordChangesIn, type DeliveredRecordChange } from './record-changes';
import {
  countRows, injectJson, outboxEventIds, readEventsById, recordEventIds, type DeliveredEvent, type InjectMethod, type InjectOptions,
} from './service-probes';

// One departmental service against the real stack: a fresh database of its own, the real broker and a topic
// of its own (so nothing reaches the topic the demo's monitoring service reads). Libraries never import apps,
// so each app's spec file hands over its own config class, root module and service info.

/** What a departmental app's spec file passes in to build its Nest app. */
export interface DepartmentalAppSpec<C extends ServiceConfig> {
  /** The app's config class; the harness points an instance of it at the test database and broker. */
  configClass: new () => C;
  /** The app's root module class, whose `forRoot` takes that config and ingestion overrides. */
  module: { forRoot(config: C, overrides: Partial<IngestionOptions>): DynamicModule };
  info: ServiceInfo;
}

export interface DepartmentalServiceOptions<C extends ServiceConfig> {
  /** Department code, e.g. `health`. */
  department: string;
  app: DepartmentalAppSpec<C>;
  /** Another department whose key is issued in this service's key store, and must still be refused here. */
  siblingDepartment: string;
  /** A department whose well-formed key this service has never issued. */
  strangerDepartment: string;
  /** How the service publishes record changes (passed to the app as `eventGeneration`); default the platform's. */
  eventGeneration?: EventGeneration;
}

/** The running service and probes into its database and topic; filled in by the harness's beforeAll. */
export interface DepartmentalService {
  readonly department: string;
  readonly kafkaBrokers: string;
  app: NestFastifyApplication;
  db: TestDatabase;
  /** The service's own topic, with as many partitions as a departmental topic has. */
  topic: string;
  readonly partitions: number;
  /** The generation the service publishes record changes in. */
  readonly generation: EventGeneration;
  sql: Client;
  /** Filled in place by beforeAll, so a spec may destructure it up front. */
  readonly keys: { write: string; readOnly: string; sibling: string };
  call(method: InjectMethod, url: string, opts?: InjectOptions): Promise<LightMyRequestResponse>;
  count(table: string, where?: string): Promise<number>;
  /** Outbox event ids by message key (a return id; a record id only in v1, see recordChanges), in outbox order. */
  eventIdsOf(messageKeys: string[]): Promise<string[]>;
  /** Those events as they reached Kafka, raw bytes included. */
  eventsOnKafka(eventIds: string[]): Promise<DeliveredEvent[]>;
  /**
   * Every change of these records as it reached Kafka, whatever the generation: the records in the order
   * given, each one's changes by revision (see record-changes.ts).
   */
  recordChanges(recordIds: string[]): Promise<DeliveredRecordChange[]>;
  /** A fresh probe connection, for a test that cut the database off on purpose. */
  reconnect(): Promise<void>;
}

/** Puts a key of any department into a service's store, past the issuing rules (bootstrap registration). */
async function plant(keys: ApiKeyService, department: string, scopes: string[], label: string): Promise<string> {
  const { key } = generateApiKey(department);
  await keys.register(key, scopes, label);
  return key;
}

async function connect(url: string): Promise<Client> {
  const sql = new Client({ connectionString: url });
  sql.on('error', () => undefined); // an outage test terminates it on purpose; the next query would fail loudly anyway
  await sql.connect();
  return sql;
}

/** Registers beforeAll/afterAll that start the service with a write, a read-only and a sibling department's key. */
export function useDepartmentalService<C extends ServiceConfig>(options: DepartmentalServiceOptions<C>): DepartmentalService {
  const { department, app: spec, siblingDepartment } = options;
  const generation = options.eventGeneration ?? DEFAULT_EVENT_GENERATION;
  const { kafkaBrokers, databaseUrl } = testInfra();
  const service = {
    department,
    kafkaBrokers,
    partitions: DEPARTMENT_TOPIC_PARTITIONS,
    generation,
    keys: { write: '', readOnly: '', sibling: '' },
    call: (method: InjectMethod, url: string, opts: InjectOptions = {}) => injectJson(service.app, method, url, opts),
    count: (table: string, where = 'true') => countRows(service.sql, table, where),
    eventIdsOf: (messageKeys: string[]) => outboxEventIds(service.sql, messageKeys),
    eventsOnKafka: (eventIds: string[]) => readEventsById(kafkaBrokers, service.topic, eventIds),
    recordChanges: async (recordIds: string[]) =>
      recordChangesIn(await readEventsById(kafkaBrokers, service.topic, await recordEventIds(service.sql, recordIds)), recordIds),
    reconnect: async () => {
      await service.sql.end().catch(() => undefined);
      service.sql = await connect(service.db.url);
    },
  } as DepartmentalService;

  beforeAll(async () => {
    service.db = await createTestDatabase(`${department.replace(/-/g, '_')}_service`);
    // As many partitions as the service's real topic: v2 groups a request's changes by the partition each record
    // id hashes to, assuming a departmental topic's count for a topic it does not know.
    service.topic = await uniqueTopic(`${department}-events`, { partitions: service.partitions });
    const config = Object.assign(new spec.configClass(), {
      DATABASE_URL: databaseUrl, DATABASE_NAME: service.db.name, KAFKA_BROKERS: kafkaBrokers, LOG_LEVEL: 'error',
    });
    service.app = await createServiceApp(spec.module.forRoot(config, { topic: service.topic, eventGeneration: generation, keysFile: false }), spec.info, config);
    await service.app.init();
    await service.app.getHttpAdapter().getInstance().ready();
    service.sql = await connect(service.db.url);
    const keys = service.app.get(ApiKeyService);
    const issue = async (dept: string, scopes: string[], label: string) => (await keys.issue({ department: dept, scopes, label })).key;
    Object.assign(service.keys, {
      write: await issue(department, [`write:${department}`, `read:${department}`], 'test departmental system'),
      readOnly: await issue(department, [`read:${department}`], 'test reader'),
      // A service no longer issues another department's key; one may still be in its store from before, as registered here.
      sibling: await plant(keys, siblingDepartment, [`write:${siblingDepartment}`, `read:${siblingDepartment}`], 'test sibling department system'),
    });
  });

  afterAll(async () => {
    await service.sql?.end();
    await service.app?.close();
    await service.db?.drop();
  });

  return service;
}
