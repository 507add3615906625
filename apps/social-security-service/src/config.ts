import { IngestionConfig } from '@wdp/ingestion';

export class SocialSecurityServiceConfig extends IngestionConfig {
  override PORT: number = 3004;
}
