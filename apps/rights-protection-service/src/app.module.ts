import { DynamicModule, Module } from '@nestjs/common';
import { recordKindsOf, returnKindsOf } from '@wdp/contracts';
import { departmentPublishing, IngestionModule, ingestionMigrations, type IngestionOptions } from '@wdp/ingestion';
import { messagingMigrations } from '@wdp/messaging';
import { OutboxRelayModule, PlatformModule, type RelayOverride } from '@wdp/platform';
import type { RightsProtectionServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

/**
 * The rights-protection service declares its kinds and nothing else: every rights-protection record kind and every rights-protection return kind of the vocabulary, straight from the vocabulary,
 * so the monitoring catalogue's definitions match exactly.
 */
@Module({})
export class AppModule {
  static forRoot(config: RightsProtectionServiceConfig, { relay, ...overrides }: Partial<IngestionOptions> & RelayOverride = {}): DynamicModule {
    const publishing = departmentPublishing('rights-protection', config, overrides);
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({ info: SERVICE_INFO, config, migrations: [...messagingMigrations, ...ingestionMigrations], entities: [] }),
        IngestionModule.forDepartment({
          department: 'rights-protection',
          recordKinds: recordKindsOf('rights-protection'),
          returnKinds: returnKindsOf('rights-protection'),
          ...overrides,
          ...publishing,
        }),
        OutboxRelayModule.forService({ topic: publishing.topic, enabled: relay }),
      ],
    };
  }
}
