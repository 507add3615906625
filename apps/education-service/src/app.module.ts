import { DynamicModule, Module } from '@nestjs/common';
import { recordKindsOf, returnKindsOf } from '@wdp/contracts';
import { departmentPublishing, IngestionModule, ingestionMigrations, type IngestionOptions } from '@wdp/ingestion';
import { messagingMigrations } from '@wdp/messaging';
import { OutboxRelayModule, PlatformModule, type RelayOverride } from '@wdp/platform';
import type { EducationServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

/**
 * The education service declares its kinds and nothing else: every education record kind and every education return kind of the vocabulary, straight from the vocabulary,
 * so the monitoring catalogue's definitions match exactly.
 */
@Module({})
export class AppModule {
  static forRoot(config: EducationServiceConfig, { relay, ...overrides }: Partial<IngestionOptions> & RelayOverride = {}): DynamicModule {
    const publishing = departmentPublishing('education', config, overrides);
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({ info: SERVICE_INFO, config, migrations: [...messagingMigrations, ...ingestionMigrations], entities: [] }),
        IngestionModule.forDepartment({
          department: 'education',
          recordKinds: recordKindsOf('education'),
          returnKinds: returnKindsOf('education'),
          ...overrides,
          ...publishing,
        }),
        OutboxRelayModule.forService({ topic: publishing.topic, enabled: relay }),
      ],
    };
  }
}
