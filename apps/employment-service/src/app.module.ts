import { DynamicModule, Module } from '@nestjs/common';
import { recordKindsOf, returnKindsOf, Topic } from '@wdp/contracts';
import { IngestionModule, ingestionMigrations, type IngestionOptions } from '@wdp/ingestion';
import { messagingMigrations } from '@wdp/messaging';
import { OutboxRelayModule, PlatformModule, type RelayOverride } from '@wdp/platform';
import type { EmploymentServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

/**
 * The employment service declares its kinds and nothing else: every employment record kind and every employment return kind of the vocabulary, straight from the vocabulary,
 * so the monitoring catalogue's definitions match exactly.
 */
@Module({})
export class AppModule {
  static forRoot(config: EmploymentServiceConfig, { relay, ...overrides }: Partial<IngestionOptions> & RelayOverride = {}): DynamicModule {
    const topic = overrides.topic ?? Topic.EmploymentEvents;
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({ info: SERVICE_INFO, config, migrations: [...messagingMigrations, ...ingestionMigrations], entities: [] }),
        IngestionModule.forDepartment({
          department: 'employment',
          topic,
          recordKinds: recordKindsOf('employment'),
          returnKinds: returnKindsOf('employment'),
          ...overrides,
        }),
        OutboxRelayModule.forService({ topic, enabled: relay }),
      ],
    };
  }
}
