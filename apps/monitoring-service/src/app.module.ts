import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@wdp/platform';
import type { MonitoringServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

@Module({})
export class AppModule {
  static forRoot(config: MonitoringServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forService({ info: SERVICE_INFO, config, migrations: [], entities: [] })],
    };
  }
}
