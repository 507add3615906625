import { IngestionConfig } from '@wdp/ingestion';

export class RightsProtectionServiceConfig extends IngestionConfig {
  override PORT: number = 3005;
}
