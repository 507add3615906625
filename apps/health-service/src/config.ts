import { ServiceConfig } from '@wdp/config';

export class HealthServiceConfig extends ServiceConfig {
  override PORT: number = 3001;
}
