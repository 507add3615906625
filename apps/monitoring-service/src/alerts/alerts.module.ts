import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { AlertRepository } from './alert.repository';
import { AlertService } from './alert.service';

@Module({
  imports: [CatalogueModule],
  providers: [AlertRepository, AlertService],
  exports: [AlertRepository, AlertService],
})
export class AlertsModule {}
