import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { TracingConfig } from './tracing-config';

const BROKER_LIST = /^[A-Za-z0-9.\-_]+:\d{1,5}(,[A-Za-z0-9.\-_]+:\d{1,5})*$/;
const PG_URL = /^postgres(ql)?:\/\/.+/;

/**
 * Environment every service reads. Apps extend it with their own variables. Types are written out because
 * class-transformer converts strings by the emitted design:type metadata.
 */
export class ServiceConfig extends TracingConfig {
  @IsInt({ message: 'must be a TCP port number' })
  @Min(1)
  @Max(65535)
  PORT: number = 0;

  @IsString()
  @Matches(/^[a-z0-9.-]+$/, { message: 'must be a lowercase host name or address' })
  HOST: string = '127.0.0.1';

  @Matches(BROKER_LIST, { message: 'must be a comma-separated list of host:port Kafka brokers' })
  KAFKA_BROKERS: string = '127.0.0.1:9092';

  /**
   * The Kafka client library behind @wdp/messaging: kafkajs (the default) or @platformatic/kafka, a maintained
   * client kept as an option (docs/benchmarks.md compares them). The same names as messaging's KAFKA_CLIENTS.
   */
  @IsIn(['kafkajs', 'platformatic'], { message: 'must be kafkajs or platformatic' })
  KAFKA_CLIENT: 'kafkajs' | 'platformatic' = 'kafkajs';

  /** Server URL; the service creates and owns its database (DATABASE_NAME) on that server. */
  @Matches(PG_URL, { message: 'must be a postgres:// URL' })
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/postgres';

  @IsOptional()
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'must be a lowercase PostgreSQL identifier' })
  DATABASE_NAME?: string = undefined; // initialised so validateEnv reads it (swc leaves declared-only fields off the instance)

  /**
   * Most connections this process holds in its pool (the outbox relay's LISTEN connection comes on top).
   * A cluster derives it from the replica count so every pod at once stays within PostgreSQL's
   * max_connections (tools/deploy/connection-budget.ts); 20 suits one process per service.
   */
  @IsInt()
  @Min(1)
  @Max(500)
  DATABASE_POOL_MAX: number = 20;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /**
   * Longest a write may wait for the database before the client gets 503 + Retry-After. PostgreSQL's own
   * statement_timeout cannot fire while the server is stalled, so this is the bound the client can rely on.
   */
  @IsInt()
  @Min(1000)
  REQUEST_DEADLINE_MS: number = 20_000;

  /** Largest accepted request body; batches of 10,000 records fit well within the default. */
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES: number = 32 * 1024 * 1024;

  /**
   * Requests one API key (else one client address) may make per RATE_LIMIT_WINDOW_MS before 429 + Retry-After;
   * 0 turns limiting off. Generous by default: the demo loader and the test suites never reach it.
   */
  @IsInt()
  @Min(0)
  RATE_LIMIT_MAX: number = 60_000;

  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  RATE_LIMIT_WINDOW_MS: number = 60_000;
}
