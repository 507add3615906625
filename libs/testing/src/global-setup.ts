import * as path from 'node:path';
import { Client } from 'pg';
import { register } from 'tsconfig-paths';
import { dockerAvailable } from './docker-check';
import { rememberInfra, type StartedInfra } from './infra-state';
import { localKafka, REPO_ROOT } from './kafka-local';

const LOCAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_KAFKA_PORT = 9092;
// The same Kafka build everywhere: deploy/local/kafka/pom.xml (kafka_2.13 3.9.1) and docker-compose.yml (tests/system/compose.spec.ts checks).
const KAFKA_IMAGE = 'apache/kafka:3.9.1';
const POSTGRES_IMAGE = 'postgres:15-alpine';

const log = (msg: string) => process.stderr.write(`[integration] ${msg}\n`);

/**
 * Resolves the broker and the database for the integration project, in this order: KAFKA_BROKERS and
 * DATABASE_URL from the environment; else testcontainers when a container engine answers; else the local
 * Kafka broker (scripts/lib/kafka-local.cjs, reused if running) and the local PostgreSQL. Then creates every
 * topic and exports both URLs through process.env, which the test workers inherit.
 */
export default async function globalSetup(): Promise<void> {
  const t0 = Date.now();
  registerPathAliases();
  let infra: StartedInfra;
  let brokers = process.env.KAFKA_BROKERS;
  let databaseUrl = process.env.DATABASE_URL;

  if (brokers && databaseUrl) {
    infra = { source: 'environment' };
  } else if (await dockerAvailable()) {
    const started = await startContainers({ kafka: !brokers, postgres: !databaseUrl });
    brokers ??= started.brokers;
    databaseUrl ??= started.databaseUrl;
    infra = { source: 'testcontainers', stopContainers: started.stop };
  } else {
    infra = { source: 'local' };
    if (!brokers) {
      const kafka = localKafka();
      const inst = kafka.instance(LOCAL_KAFKA_PORT);
      const { started } = await kafka.start(inst, { log });
      if (started) infra.localKafkaPort = LOCAL_KAFKA_PORT;
      brokers = inst.brokers;
    }
    databaseUrl ??= LOCAL_DATABASE_URL;
  }
  rememberInfra(infra);
  process.env.KAFKA_BROKERS = brokers;
  process.env.DATABASE_URL = databaseUrl;

  await assertDatabaseReachable(databaseUrl!);
   
  const { ensureTopics } = require('@wdp/messaging') as typeof import('@wdp/messaging');
  await ensureTopics(brokers!);
  log(`infrastructure from ${infra.source}: kafka ${brokers}, postgres ${redact(databaseUrl!)} (${Date.now() - t0} ms)`);
}

/** globalSetup is loaded outside jest's module registry, so moduleNameMapper does not apply here. */
function registerPathAliases() {
   
  const { compilerOptions } = require(path.join(REPO_ROOT, 'tsconfig.json'));
  register({ baseUrl: path.join(REPO_ROOT, compilerOptions.baseUrl ?? '.'), paths: compilerOptions.paths });
}

async function startContainers(want: { kafka: boolean; postgres: boolean }) {
  // Loaded lazily: these pull in the Docker client, which is useless (and slow to load) without an engine.
   
  const { PostgreSqlContainer } = require('@testcontainers/postgresql') as typeof import('@testcontainers/postgresql');
   
  log('starting testcontainers (Kafka KRaft, PostgreSQL)...');
  const [kafka, postgres] = await Promise.all([
    want.kafka ? startKafkaContainer() : Promise.resolve(null),
    want.postgres ? new PostgreSqlContainer(POSTGRES_IMAGE).start() : Promise.resolve(null),
  ]);
  return {
    brokers: kafka?.brokers,
    databaseUrl: postgres ? postgres.getConnectionUri() : undefined,
    stop: async () => {
      await Promise.all([kafka?.stop(), postgres?.stop()]);
    },
  };
}

/**
 * apache/kafka in KRaft mode (@testcontainers/kafka drives only Confluent's images). A broker must advertise the
 * address its clients dial, which testcontainers knows only after start for a random port; so the host port is
 * chosen first and the broker listens on that same port inside the container.
 */
async function startKafkaContainer(): Promise<{ brokers: string; stop(): Promise<unknown> }> {
  const { GenericContainer, Wait, getContainerRuntimeClient } = require('testcontainers') as typeof import('testcontainers');
  const host = (await getContainerRuntimeClient()).info.containerRuntime.host;
  const port = await freeHostPort();
  const container = await new GenericContainer(KAFKA_IMAGE)
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: `PLAINTEXT://:${port},CONTROLLER://:9093,BROKER://:9094`,
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${host}:${port},BROKER://localhost:9094`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,BROKER:PLAINTEXT',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    })
    .withExposedPorts({ container: port, host: port })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(120_000)
    .start();
  return { brokers: `${host}:${port}`, stop: () => container.stop() };
}

async function freeHostPort(): Promise<number> {
  const { createServer } = require('node:net') as typeof import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function assertDatabaseReachable(url: string) {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new Error(`PostgreSQL at ${redact(url)} is not reachable: ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable url>';
  }
}
