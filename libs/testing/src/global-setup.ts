import * as path from 'node:path';
import { Client } from 'pg';
import { register } from 'tsconfig-paths';
import { dockerAvailable } from './docker-check';
import { rememberInfra, type StartedInfra } from './infra-state';
import { localKafka, REPO_ROOT } from './kafka-local';

const LOCAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_KAFKA_PORT = 9092;
const KAFKA_IMAGE = 'confluentinc/cp-kafka:7.9.0'; // Kafka 3.9 in KRaft mode, the version we run locally
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
   
  const { KafkaContainer } = require('@testcontainers/kafka') as typeof import('@testcontainers/kafka');
  const { PostgreSqlContainer } = require('@testcontainers/postgresql') as typeof import('@testcontainers/postgresql');
   
  log('starting testcontainers (Kafka KRaft, PostgreSQL)...');
  const [kafka, postgres] = await Promise.all([
    want.kafka ? new KafkaContainer(KAFKA_IMAGE).withKraft().start() : Promise.resolve(null),
    want.postgres ? new PostgreSqlContainer(POSTGRES_IMAGE).start() : Promise.resolve(null),
  ]);
  return {
    brokers: kafka ? `${kafka.getHost()}:${kafka.getMappedPort(9093)}` : undefined,
    databaseUrl: postgres ? postgres.getConnectionUri() : undefined,
    stop: async () => {
      await Promise.all([kafka?.stop(), postgres?.stop()]);
    },
  };
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
