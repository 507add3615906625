import { DynamicModule, Module } from '@nestjs/common';
import { recordKindsOf, returnKindsOf } from '@wdp/contracts';
import { departmentPublishing, IngestionModule, ingestionMigrations, type IngestionOptions } from '@wdp/ingestion';
import { messagingMigrations } from '@wdp/messaging';
import { OutboxRelayModule, PlatformModule, type RelayOverride } from '@wdp/platform';
import type { HealthServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

/**
 * The health service declares its kinds and nothing else: every maternal and child health record kind and
 * every health return kind of the vocabulary, so the monitoring catalogue's definitions match exactly.
 */
@Module({})
export class AppModule {
  static forRoot(config: HealthServiceConfig, { relay, ...overrides }: Partial<IngestionOptions> & RelayOverride = {}): DynamicModule {
    const publishing = departmentPublishing('health', config, overrides);
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({ info: SERVICE_INFO, config, migrations: [...messagingMigrations, ...ingestionMigrations], entities: [] }),
        IngestionModule.forDepartment({
          department: 'health',
          recordKinds: recordKindsOf('health'),
          returnKinds: returnKindsOf('health'),
          ...overrides,
          ...publishing,
        }),
        OutboxRelayModule.forService({ topic: publishing.topic, enabled: relay }),
      ],
    };
  }
}
