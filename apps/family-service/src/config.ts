import { ServiceConfig } from '@wdp/config';

export class FamilyServiceConfig extends ServiceConfig {
  override PORT: number = 3006;
}
