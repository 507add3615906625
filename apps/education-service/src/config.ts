import { ServiceConfig } from '@wdp/config';

export class EducationServiceConfig extends ServiceConfig {
  override PORT: number = 3002;
}
