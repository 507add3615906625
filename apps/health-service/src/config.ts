import { IngestionConfig } from '@wdp/ingestion';

export class HealthServiceConfig extends IngestionConfig {
  override PORT: number = 3001;
}
