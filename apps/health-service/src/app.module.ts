import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@wdp/platform';
import type { HealthServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

@Module({})
export class AppModule {
  static forRoot(config: HealthServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forService({ info: SERVICE_INFO, config, migrations: [], entities: [] })],
    };
  }
}
