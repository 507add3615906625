import { ServiceConfig } from '@wdp/config';

export class EmploymentServiceConfig extends ServiceConfig {
  override PORT: number = 3003;
}
