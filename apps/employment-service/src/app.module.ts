import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@wdp/platform';
import type { EmploymentServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

@Module({})
export class AppModule {
  static forRoot(config: EmploymentServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forService({ info: SERVICE_INFO, config, migrations: [], entities: [] })],
    };
  }
}
