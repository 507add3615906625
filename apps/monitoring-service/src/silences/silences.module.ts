import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { CLOCK, systemClock } from '../assessment/clock';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { SilencesController } from './silences.controller';

@Module({
  imports: [CatalogueModule, AlertsModule],
  controllers: [SilencesController],
  providers: [{ provide: CLOCK, useValue: systemClock }],
})
export class SilencesModule {}
