import { IngestionConfig } from '@wdp/ingestion';

export class EducationServiceConfig extends IngestionConfig {
  override PORT: number = 3002;
}
