import { ServiceConfig } from '@wdp/config';

export class SocialSecurityServiceConfig extends ServiceConfig {
  override PORT: number = 3004;
}
