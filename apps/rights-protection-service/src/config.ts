import { ServiceConfig } from '@wdp/config';

export class RightsProtectionServiceConfig extends ServiceConfig {
  override PORT: number = 3005;
}
