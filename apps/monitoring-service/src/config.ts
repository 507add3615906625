import { ServiceConfig } from '@wdp/config';

export class MonitoringServiceConfig extends ServiceConfig {
  override PORT: number = 3000;
}
