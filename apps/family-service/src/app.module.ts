import { DynamicModule, Module } from '@nestjs/common';
import { recordKindsOf, returnKindsOf } from '@wdp/contracts';
import { departmentPublishing, IngestionModule, ingestionMigrations, type IngestionOptions } from '@wdp/ingestion';
import { messagingMigrations } from '@wdp/messaging';
import { OutboxRelayModule, PlatformModule, type RelayOverride } from '@wdp/platform';
import type { FamilyServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

/**
 * The family service declares its kinds and nothing else: every family record kind and every family return kind of the vocabulary, straight from the vocabulary,
 * so the monitoring catalogue's definitions match exactly.
 */
@Module({})
export class AppModule {
  static forRoot(config: FamilyServiceConfig, { relay, ...overrides }: Partial<IngestionOptions> & RelayOverride = {}): DynamicModule {
    const publishing = departmentPublishing('family', config, overrides);
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({ info: SERVICE_INFO, config, migrations: [...messagingMigrations, ...ingestionMigrations], entities: [] }),
        IngestionModule.forDepartment({
          department: 'family',
          recordKinds: recordKindsOf('family'),
          returnKinds: returnKindsOf('family'),
          ...overrides,
          ...publishing,
        }),
        OutboxRelayModule.forService({ topic: publishing.topic, enabled: relay }),
      ],
    };
  }
}
