import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@wdp/platform';
import type { SocialSecurityServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

@Module({})
export class AppModule {
  static forRoot(config: SocialSecurityServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forService({ info: SERVICE_INFO, config, migrations: [], entities: [] })],
    };
  }
}
