import { IngestionConfig } from '@wdp/ingestion';

export class EmploymentServiceConfig extends IngestionConfig {
  override PORT: number = 3003;
}
