import { DynamicModule, Module, Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { ServiceConfig } from '@wdp/config';
import { defaultDatabaseName, ensureDatabase, urlForDatabase } from './database/database-name';
import { ConsumerReadiness } from './health/consumer-readiness';
import { HealthController } from './health/health.controller';
import { KafkaProbe } from './health/kafka.probe';
import { loggingModule } from './logging';
import { MetricsController } from './metrics/metrics.controller';
import { SERVICE_CONFIG, SERVICE_INFO, ServiceInfo } from './tokens';
import { TracingShutdown } from './tracing/tracing-shutdown';

export { ConsumerReadiness, type ConsumerHealthReport } from './health/consumer-readiness';

export interface PlatformOptions {
  info: ServiceInfo;
  config: ServiceConfig;
  /** TypeORM migration classes, run at start (synchronize is always off). */
  migrations: Type<unknown>[];
  entities: Type<unknown>[];
}

/**
 * What every service has: its validated config, its own database (created if missing, migrated at start),
 * /health/live, /health/ready and /metrics.
 */
@Module({})
export class PlatformModule {
  static forService(options: PlatformOptions): DynamicModule {
    const { config, info } = options;
    const database = config.DATABASE_NAME ?? defaultDatabaseName(info.name);
    return {
      module: PlatformModule,
      global: true,
      imports: [
        loggingModule(info, config),
        TerminusModule.forRoot({ errorLogStyle: 'pretty', logger: false }),
        TypeOrmModule.forRootAsync({
          useFactory: async () => {
            await ensureDatabase(config.DATABASE_URL, database);
            return {
              type: 'postgres' as const,
              url: urlForDatabase(config.DATABASE_URL, database),
              entities: options.entities,
              migrations: options.migrations,
              migrationsRun: true,
              migrationsTransactionMode: 'each' as const,
              synchronize: false,
              applicationName: info.name,
              extra: { max: config.DATABASE_POOL_MAX, connectionTimeoutMillis: 5000, statement_timeout: 60_000 },
            };
          },
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: SERVICE_INFO, useValue: info },
        KafkaProbe,
        ConsumerReadiness,
        TracingShutdown,
      ],
      exports: [SERVICE_CONFIG, SERVICE_INFO, KafkaProbe, ConsumerReadiness],
    };
  }
}
