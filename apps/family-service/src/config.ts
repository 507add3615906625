import { IngestionConfig } from '@wdp/ingestion';

export class FamilyServiceConfig extends IngestionConfig {
  override PORT: number = 3006;
}
