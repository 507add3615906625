import { DynamicModule, Module } from '@nestjs/common';
import { recordKindsOf, returnKindsOf } from '@wdp/contracts';
import { departmentPublishing, IngestionModule, ingestionMigrations, type IngestionOptions } from '@wdp/ingestion';
import { messagingMigrations } from '@wdp/messaging';
import { OutboxRelayModule, PlatformModule, type RelayOverride } from '@wdp/platform';
import type { SocialSecurityServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

/**
 * The social-security service declares its kinds and nothing else: every social-security record kind of the vocabulary (it defines no return kinds today; any added there are served too), straight from the vocabulary,
 * so the monitoring catalogue's definitions match exactly.
 */
@Module({})
export class AppModule {
  static forRoot(config: SocialSecurityServiceConfig, { relay, ...overrides }: Partial<IngestionOptions> & RelayOverride = {}): DynamicModule {
    const publishing = departmentPublishing('social-security', config, overrides);
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({ info: SERVICE_INFO, config, migrations: [...messagingMigrations, ...ingestionMigrations], entities: [] }),
        IngestionModule.forDepartment({
          department: 'social-security',
          recordKinds: recordKindsOf('social-security'),
          returnKinds: returnKindsOf('social-security'),
          ...overrides,
          ...publishing,
        }),
        OutboxRelayModule.forService({ topic: publishing.topic, enabled: relay }),
      ],
    };
  }
}
